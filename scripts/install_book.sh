#!/usr/bin/env bash
# The light install behind `make book`: a venv holding requirements-book.lock (Jupyter Book, its
# theme, Sphinx and their dependencies, every one pinned) and no TensorFlow or PyTorch.
#
#   scripts/install_book.sh [PYTHON] [VENV]      (defaults: python3 .venv-book)
#
# How, and why (measured on the 2-core development machine, nothing cached, three runs each):
# 1. The venv is made without pip (ensurepip alone takes 6 s); this Python's pip installs into it
#    with `pip --python` (pip 22.3 or newer). An older pip gets a venv with its own pip.
# 2. pip installs one pinned package, uv, into the venv (3 s). uv then installs the lock with
#    --no-deps: it downloads in parallel and resolves nothing. The whole install took 13-18 s,
#    where pip alone took 27-36 s for the same 89 packages, one download at a time.
# 3. Where uv cannot be installed or cannot reach the index (uv reads UV_INDEX_URL, not pip's
#    configuration), pip installs the lock itself. Only the time differs.
set -euo pipefail
python=$("${1:-python3}" -c 'import sys; print(sys.executable)')  # pip --python wants a path
venv=${2:-.venv-book}
cd "$(dirname "$0")/.."
lock=requirements-book.lock
uv_pin=uv==0.13.9
pip_args=(--disable-pip-version-check --no-compile -q)

if "$python" -m pip --python "$python" --version >/dev/null 2>&1; then
  [ -x "$venv/bin/python" ] || "$python" -m venv --without-pip "$venv"
  pip=("$python" -m pip --python "$venv/bin/python")
else
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  pip=("$venv/bin/python" -m pip)
fi

echo "installing $lock into $venv with $uv_pin"
if "${pip[@]}" install "${pip_args[@]}" "$uv_pin" &&
  "$venv/bin/uv" pip install --python "$venv/bin/python" --no-deps -q -r "$lock"; then
  exit 0
fi
echo "uv could not install $lock; pip installs it instead (slower, same packages)" >&2
"${pip[@]}" install "${pip_args[@]}" --no-deps -r "$lock"
