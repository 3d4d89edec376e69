"""Rebuild names.tsv from the CLDR data that Babel ships (run once; the TSV is committed).

    python data/language_names/extract.py

Needs Babel (installed with Sphinx). Reads, for five locales, the localized names of
territories and of languages, keeps names made of letters (with single spaces, hyphens
or apostrophes between them), drops every name spelled identically in two or more of the
five languages (its label would be ambiguous), and assigns a fixed train/test split:
20 % of each language's names, chosen with NumPy's default_rng(0), are test.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import numpy as np
from babel import Locale
from babel.core import get_cldr_version

LANGUAGES = ("de", "en", "es", "fr", "it")
TEST_FRACTION = 0.2
NAME = re.compile(r"^[^\W\d_]+(?:[ '\u2019-][^\W\d_]+)*$")


def main() -> None:
    rows = []
    for lang in LANGUAGES:
        locale = Locale.parse(lang)
        for kind, table in (("territory", locale.territories), ("language", locale.languages)):
            for code, name in sorted(table.items()):
                if NAME.match(name):
                    rows.append((lang, kind, code, name))
    spelled_in = defaultdict(set)
    for lang, _, _, name in rows:
        spelled_in[name].add(lang)
    kept, seen = [], set()
    for row in rows:
        lang, _, _, name = row
        if len(spelled_in[name]) > 1 or (lang, name) in seen:
            continue
        seen.add((lang, name))
        kept.append(row)
    rng = np.random.default_rng(0)
    split = {}
    for lang in LANGUAGES:
        idx = [i for i, r in enumerate(kept) if r[0] == lang]
        test = set(rng.choice(idx, size=round(TEST_FRACTION * len(idx)), replace=False).tolist())
        for i in idx:
            split[i] = "test" if i in test else "train"
    out = Path(__file__).with_name("names.tsv")
    lines = ["language\tkind\tcode\tname\tsplit"]
    lines += ["\t".join((*r, split[i])) for i, r in enumerate(kept)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"CLDR {get_cldr_version()}: wrote {len(kept)} names to {out.name}")


if __name__ == "__main__":
    main()
