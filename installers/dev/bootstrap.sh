#!/usr/bin/env bash
# Set up a development machine for Desk: system packages (Debian/Ubuntu), a
# virtual environment in .venv, and the project installed in it with its test
# and lint tools. Safe to run again: it only does what is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

# Qt (offscreen) needs these; PostgreSQL is for the tests' throwaway clusters; the tests read
# the end-of-shift PDF back with poppler's pdftotext.
system_packages=(python3 python3-venv python3-pip libglib2.0-0 libegl1 libgl1 libfontconfig1
                 libxkbcommon0 libdbus-1-3 fonts-dejavu-core poppler-utils)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || system_packages+=(postgresql)

missing=()
if command -v dpkg-query >/dev/null; then
  for package in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
      || missing+=("$package")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python="${PYTHON:-python3}"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "bootstrap: Desk needs Python 3.11 or newer" >&2; exit 1; }

[ -x .venv/bin/python ] || "$python" -m venv .venv

# Reinstall only when the project's dependencies changed.
stamp=.venv/.desk-installed
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "bootstrap: installing Desk and its tools into .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  echo "$wanted" > "$stamp"
fi
