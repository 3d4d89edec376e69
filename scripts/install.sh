#!/usr/bin/env bash
# The two installs behind the Makefile, each into its own venv:
#
#   scripts/install.sh book [VENV]   requirements-book.lock only (`make book`; default .venv-book)
#   scripts/install.sh full [VENV]   requirements.txt and rnnlib, editable (`make install`, used by
#                                    `make test` and the rest; default .venv)
#
# PYTHON (default python3) is the interpreter the venv is made from.
#
# How, and why (measured on the 2-core development machine, nothing cached):
# 1. The book's venv is made without pip (ensurepip alone takes 6 s): this Python's pip (22.3 or
#    newer) installs into it with `pip --python`. The full venv keeps its own pip, for readers who
#    add to it (`.venv/bin/python -m pip install jupyterlab`).
# 2. pip installs one pinned package into the venv, uv (3 s). uv installs the rest: it downloads
#    in parallel and unpacks fast. The book's lock installs with --no-deps, nothing resolved
#    (whole install 8-18 s, pip alone 27-36 s); the full install takes about 26 s (pip alone
#    about 100 s). Both resolve the same versions as pip.
# 3. Neither byte-compiles (uv does not by default; pip gets --no-compile): Python caches what
#    is imported as it imports it, and the Makefile sees that it may (PYTHONDONTWRITEBYTECODE).
# 4. uv does not read pip's configuration. A local wheel directory in PIP_FIND_LINKS (as on the
#    development machines, which keep PyTorch's CPU build there) is passed on to uv; other
#    settings are uv's own (UV_INDEX_URL, ...). Where uv cannot be installed or cannot install,
#    pip does the same install itself: the same packages, in more time.
set -euo pipefail
what=${1:?usage: scripts/install.sh book|full [VENV]}
cd "$(dirname "$0")/.."
python=$("${PYTHON:-python3}" -c 'import sys; print(sys.executable)')  # pip --python wants a path
uv_pin=uv==0.13.9
pip_args=(--disable-pip-version-check --no-compile -q)
case $what in
  book) venv=${2:-.venv-book}; targets=(--no-deps -r requirements-book.lock) ;;
  full) venv=${2:-.venv}; targets=(-r requirements.txt -e .) ;;
  *) echo "scripts/install.sh: '$what' is neither book nor full" >&2; exit 2 ;;
esac

if [ "$what" = book ] && "$python" -m pip --python "$python" --version >/dev/null 2>&1; then
  [ -x "$venv/bin/python" ] || "$python" -m venv --without-pip "$venv"
  pip=("$python" -m pip --python "$venv/bin/python")
else
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  pip=("$venv/bin/python" -m pip)
fi

find_links=()
for location in ${PIP_FIND_LINKS:-}; do find_links+=(--find-links "$location"); done

echo "installing ${targets[*]} into $venv with $uv_pin"
if "${pip[@]}" install "${pip_args[@]}" "$uv_pin" &&
  "$venv/bin/uv" pip install --python "$venv/bin/python" -q "${find_links[@]}" "${targets[@]}"; then
  exit 0
fi
echo "uv could not install ${targets[*]}; pip installs it instead (slower, same packages)" >&2
"${pip[@]}" install "${pip_args[@]}" "${targets[@]}"
