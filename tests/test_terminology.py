"""The Korean edition uses one Korean term per concept: locales/ko/TERMINOLOGY.md, checked.

- The file's table parses: every row has a Korean term, and every retired variant is a valid regular
  expression.
- No Korean message (`msgstr` in locales/ko/LC_MESSAGES/**/*.po) contains a retired variant outside
  the contexts the file allows; the failure names the page, the message, the variant and the fix.
  Code spans and math are not searched: code is never translated.
- The glossary's Korean headings (the Korean term lines in glossary.md's {glossary} block) are the
  Korean terms of the file's rows, and no heading contains a retired variant.
- The check itself fails on a synthetic catalog that contains a retired variant.
- A particle after a parenthesis or a citation agrees with the word before it as read aloud (the
  file's second table reads the authors' names), e.g. 유닛(GRU)으로, Pascanu 외 [2013]는.

Fast: no build. Run it with `.venv/bin/python -m pytest -q tests/test_terminology.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import conftest
import pytest
from babel.messages.pofile import read_po
from conftest import ROOT

TERMINOLOGY = ROOT / "locales" / "ko" / "TERMINOLOGY.md"
KO = ROOT / "locales" / "ko"
CATALOGS = KO / "LC_MESSAGES"
BIB = ROOT / "references.bib"
HEADER = ["English", "Korean", "glossary", "retired", "allowed", "notes"]
NAMES_HEADER = ["name", "read as"]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.DOTALL)
# A role ({term}`셀 상태 <cell state>`: its shown text is Korean prose) or a code span (never
# translated), read left to right so that a role's closing backtick never opens a code span.
ROLE_OR_CODE = re.compile(r"\{[\w:.-]+\}`([^`]*)`|``.+?``|`[^`]+`")
ITEM = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Term:
    english: str
    korean: list[str]  # the term first; more items: further glossary headings
    glossary: str | None  # the English heading of the glossary entry
    retired: list[re.Pattern[str]]
    allowed: list[str]
    notes: str


@dataclass(frozen=True)
class Finding:
    page: str
    message: str  # the English msgid, shortened
    variant: str  # the text that matched
    pattern: str
    term: Term

    def __str__(self) -> str:
        fix = self.term.korean[0]
        hint = f" ({self.term.notes})" if self.term.notes else ""
        return (f"{self.page}: {self.variant!r} in the message {self.message!r}: "
                f"retired for {self.term.english!r}; use {fix!r}{hint}")


def _cells(line: str) -> list[str]:
    """A Markdown table row's cells; `\\|` is a literal bar (inside a regular expression)."""
    inner = line.strip().strip("|")
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def _table(text: str, header: list[str]) -> list[list[str]]:
    """The rows of the Markdown table whose header is `header`."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|") and _cells(line) == header:
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                cells = _cells(row)
                assert len(cells) == len(header), (
                    f"TERMINOLOGY.md: a row needs {len(header)} cells: {row}")
                rows.append(cells)
            return rows
    return []


def parse_terms(text: str) -> list[Term]:
    """The rows of the table whose header is HEADER."""
    terms: list[Term] = []
    for english, korean, glossary, retired, allowed, notes in _table(text, HEADER):
        names = ITEM.findall(glossary)
        terms.append(Term(
            english=english,
            korean=ITEM.findall(korean),
            glossary=names[0] if names else None,
            retired=[re.compile(p) for p in ITEM.findall(retired)],
            allowed=ITEM.findall(allowed),
            notes=notes,
        ))
    return terms


def prose(msgstr: str) -> str:
    """The translated text a reader reads as Korean: without math and code spans."""
    def shown(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return " "  # a code span
        return " " + re.sub(r"\s*<[^>]*>\s*$", "", m.group(1)) + " "  # the role's text
    return ROLE_OR_CODE.sub(shown, MATH.sub(" ", msgstr))


def _excused(text: str, start: int, end: int, allowed: list[str]) -> bool:
    for context in allowed:
        for m in re.finditer(re.escape(context), text):
            if m.start() <= start and end <= m.end():
                return True
    return False


def find_retired(text: str, terms: list[Term]) -> list[tuple[str, str, Term]]:
    """(matched text, pattern, term) for each retired variant in `text` not in an allowed context."""
    spans = []
    for term in terms:
        for pattern in term.retired:
            for m in pattern.finditer(text):
                if not _excused(text, m.start(), m.end(), term.allowed):
                    spans.append((m.start(), m.end(), pattern.pattern, term))
    # One report per place: "그레이디언트" inside "그레이디언트 클리핑" is the same slip.
    return [(text[s:e], p, t) for s, e, p, t in spans
            if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _, _ in spans)]


def check_catalog(path: Path, page: str, terms: list[Term]) -> list[Finding]:
    with path.open("rb") as f:
        catalog = read_po(f, locale="ko")
    findings = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        short = msgid if len(msgid) <= 70 else msgid[:67] + "..."
        for string in strings:
            for variant, pattern, term in find_retired(prose(string), terms):
                findings.append(Finding(page, short, variant, pattern, term))
    return findings


def glossary_entries() -> list[list[str]]:
    """The names (term lines) of each entry of glossary.md's {glossary} block."""
    return [names for names, _ in conftest.glossary_entries().values()]


# Particles after a parenthesis or a citation ----------------------------------------------------

PARTICLE = r"(으로|은|는|이|가|을|를|과|와|로)(?![가-힣])"
VOWEL_FORM = {"은": "는", "이": "가", "을": "를", "과": "와", "으로": "로"}
CONSONANT_FORM = {v: k for k, v in VOWEL_FORM.items()}
# A Hangul syllable (bold markers may follow it) right before a parenthesis, then a particle.
AFTER_PARENTHESIS = re.compile(r"([가-힣])\**\([^()]*\)" + PARTICLE)
# ... or before a parenthetical citation [Author, year] (with a parenthesis between, or not).
AFTER_CITE_P = re.compile(r"([가-힣])\**(?:\([^()]*\))?\s*\[cite:p [^\]]+\]" + PARTICLE)
NAMED_ROLE_OR_CODE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`|``.+?``|`[^`]+`")
AFTER_CITE_T = re.compile(r"\[cite:t ([^\]]+)\]" + PARTICLE)


def particle_for(syllable: str, particle: str) -> str:
    """The form of `particle` that agrees with a Hangul `syllable` (은/는, 이/가, 을/를, 과/와,
    으로/로; a final ㄹ takes 로)."""
    consonant_form = particle if particle in VOWEL_FORM else CONSONANT_FORM[particle]
    final = (ord(syllable) - 0xAC00) % 28
    if final == 0:
        return VOWEL_FORM[consonant_form]
    if final == 8 and consonant_form == "으로":  # ㄹ
        return "로"
    return consonant_form


def cited_last_words(bib_text: str) -> dict[str, str]:
    """Citation key -> the last name {cite:t} shows before the bracket ("et al." from 3 authors)."""
    words = {}
    for m in re.finditer(r"@\w+\{([^,\s]+),(.*?)\n\}", bib_text, re.DOTALL):
        author = re.search(r"\bauthor\s*=\s*\{(.*?)\},?\s*\n", m.group(2), re.DOTALL)
        if not author:
            continue
        authors = [a.strip() for a in re.split(r"\s+and\s+", author.group(1))]
        last = authors[-1]
        surname = last.split(",")[0].strip() if "," in last else last.split()[-1]
        words[m.group(1)] = "et al." if len(authors) >= 3 else surname
    return words


def _normalized_roles(msgstr: str) -> str:
    """Math and code as \\0; a role as its shown text; a citation as [cite:p key] or [cite:t key]."""
    def shown(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return "\0"
        if m.group(1).startswith("cite"):
            return f"[{m.group(1)} {m.group(2)}]"
        return re.sub(r"\s*<[^>]*>\s*$", "", m.group(2))
    return NAMED_ROLE_OR_CODE.sub(shown, MATH.sub("\0", msgstr))


def particle_slips(msgstr: str, readings: dict[str, str], cited: dict[str, str]) -> list[str]:
    """Each particle that does not agree with the word before its parenthesis or citation."""
    text = _normalized_roles(msgstr)
    slips = []
    for pattern in (AFTER_PARENTHESIS, AFTER_CITE_P):
        for m in pattern.finditer(text):
            want = particle_for(m.group(1), m.group(2))
            if want != m.group(2):
                where = text[max(0, m.start() - 12):m.end()].replace("\0", "…")
                slips.append(f"{where!r}: the particle follows {m.group(1)!r}, so {want!r}")
    for m in AFTER_CITE_T.finditer(text):
        key = m.group(1).split(",")[-1].strip()
        word = cited.get(key)
        reading = readings.get(word or "")
        if reading is None:
            slips.append(f"{{cite:t}}`{key}`{m.group(2)}: add {word or key!r} and its Korean reading "
                         "to the names table of TERMINOLOGY.md")
            continue
        want = particle_for(reading[-1], m.group(2))
        if want != m.group(2):
            slips.append(f"{{cite:t}}`{key}`{m.group(2)}: shown as \"{word} [year]\", read "
                         f"{reading}, so {want!r}")
    return slips


TERMS = parse_terms(TERMINOLOGY.read_text(encoding="utf-8"))
READINGS = dict(_table(TERMINOLOGY.read_text(encoding="utf-8"), NAMES_HEADER))
CITED = cited_last_words(BIB.read_text(encoding="utf-8"))
# Every Korean catalog: the pages, and the theme's labels (locales/ko/theme/).
PAGES = sorted(p.relative_to(KO).with_suffix("").as_posix() for p in KO.rglob("*.po"))


def test_the_table_parses() -> None:
    assert len(TERMS) > 20, "TERMINOLOGY.md: no table with the columns " + " | ".join(HEADER)
    for term in TERMS:
        assert term.korean, f"TERMINOLOGY.md: the row {term.english!r} has no Korean term"
        for korean in term.korean:
            # A row's own term is never retired by the table (else no message could be right).
            clashes = find_retired(korean, TERMS)
            assert not clashes, (f"TERMINOLOGY.md: {korean!r} (row {term.english!r}) "
                                 f"is retired by {[c[1] for c in clashes]}")


@pytest.mark.parametrize("page", PAGES)
def test_no_retired_variant(page: str) -> None:
    findings = check_catalog(KO / f"{page}.po", page, TERMS)
    if findings:
        pytest.fail(f"{len(findings)} retired term(s) in locales/ko/{page}.po "
                    "(locales/ko/TERMINOLOGY.md has the table):\n"
                    + "\n".join(str(f) for f in findings), pytrace=False)


def test_the_check_fails_on_a_retired_variant(tmp_path: Path) -> None:
    po = tmp_path / "synthetic.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "We train the layer with gradient clipping."\n'
        'msgstr "{term}`그레이디언트 클리핑 <gradient clipping>`으로 "\n'
        '"{cite:t}`elman1990finding`처럼 층을 훈련합니다."\n\n'
        'msgid "Each step reads the batch; step 2 sums over `n-gram` and $j$."\n'
        'msgstr "매 단계는 배치를 읽습니다. 2단계는 `n-gram`과 $j$에 대해 합합니다."\n',
        encoding="utf-8")
    findings = check_catalog(po, "synthetic", TERMS)
    variants = sorted(f.variant for f in findings)
    # 그레이디언트, 훈련 and 매 단계 are retired; 배치 (batch), 2단계는 (a procedure step) and
    # the code span are not.
    assert variants == sorted(["그레이디언트 클리핑", "훈련", "매 단계"]), variants
    text = "\n".join(str(f) for f in findings)
    assert "synthetic: '훈련' in the message 'We train the layer" in text
    assert "use '학습'" in text and "use '기울기 클리핑'" in text and "use '시점'" in text


def test_allowed_context_covers_the_whole_match() -> None:
    # "2단계는" excuses a procedure step, but not "12단계" (twelve timesteps).
    assert not find_retired("2단계는 합입니다.", TERMS)
    assert [v for v, _, _ in find_retired("12단계는 타깃입니다.", TERMS)] == ["12단계"]


def test_glossary_headings_follow_the_file() -> None:
    by_glossary = {t.glossary: t for t in TERMS if t.glossary}
    problems = []
    for entry in glossary_entries():
        english, korean = entry[0], [line for line in entry if HANGUL.search(line)]
        for heading in korean:
            for variant, _, term in find_retired(heading, TERMS):
                problems.append(f"glossary {english!r}: heading {heading!r} has the retired "
                                f"{variant!r}; use {term.korean[0]!r}")
        if not korean:
            continue
        term = by_glossary.get(english)
        if term is None:
            problems.append(f"glossary {english!r} ({korean[0]}): no row in TERMINOLOGY.md "
                            f"with `{english}` in the glossary column")
        elif korean != term.korean:
            problems.append(f"glossary {english!r}: Korean headings {korean} but "
                            f"TERMINOLOGY.md says {term.korean}")
    headings = {entry[0] for entry in glossary_entries()}
    for name in by_glossary:
        if name not in headings:
            problems.append(f"TERMINOLOGY.md names the glossary entry {name!r}, which is not there")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.mark.parametrize("page", PAGES)
def test_particles_after_parentheses_and_citations(page: str) -> None:
    with (KO / f"{page}.po").open("rb") as f:
        catalog = read_po(f, locale="ko")
    slips = []
    for message in catalog:
        if message.id and isinstance(message.string, str) and message.string:
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            slips += [f"{msgid[:50]!r}: {s}"
                      for s in particle_slips(message.string, READINGS, CITED)]
    if slips:
        pytest.fail(f"locales/ko/{page}.po: {len(slips)} particle(s) that do not agree with the word "
                    "before the parenthesis or citation (see TERMINOLOGY.md):\n" + "\n".join(slips),
                    pytrace=False)


def test_the_particle_check_fails_on_a_slip() -> None:
    cited = {"pascanu2013difficulty": "et al.", "elman1990finding": "Elman"}
    readings = {"et al.": "외", "Elman": "엘먼"}
    good = ("{term}`게이트 순환 유닛 <GRU>`(GRU)으로 읽고 유닛(units)을 정합니다. "
            "{cite:t}`pascanu2013difficulty`는 **클리핑**(clipping) {cite:p}`pascanu2013difficulty`을 "
            "쓰고 {cite:t}`elman1990finding`은 `h`(state)를 씁니다. 층(layer)로 읽습니다.")
    # Only the last particle is wrong: 층 ends in a consonant.
    only = particle_slips(good, readings, cited)
    assert len(only) == 1 and "층(layer)로'" in only[0] and "so '으로'" in only[0], only
    bad = "유닛(GRU)로 읽고 {cite:t}`pascanu2013difficulty`은 {cite:t}`elman1990finding`는"
    slips = particle_slips(bad, readings, cited)
    assert len(slips) == 3, slips
    assert "so '으로'" in slips[0] and "read 외, so '는'" in slips[1] and "read 엘먼, so '은'" in slips[2]
    assert "add 'x2020y'" in particle_slips("{cite:t}`x2020y`는", readings, cited)[0]
    assert particle_for("길", "으로") == "로" and particle_for("외", "은") == "는"
