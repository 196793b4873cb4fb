#!/usr/bin/env bash
# Set up everything ReviewDesk needs on a fresh Debian-like machine:
# system libraries for Qt, fonts for every script members write, and a
# virtual environment with the project and its development tools.
# Safe to run again: it only installs what is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

# Debian packages: Qt's runtime libraries (offscreen and X11), and fonts for
# Latin, Cyrillic, Arabic, Devanagari, CJK and colour emoji.
DEB_PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-randr0
  fontconfig fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${DEB_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
  done
fi
if ((${#missing[@]})); then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
      echo "bootstrap: not root and no sudo; install these packages by hand: ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq </dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
  command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
fi

# Python virtual environment with the project (editable) and its dev tools.
if [[ ! -x "$VENV/bin/python" ]]; then
  echo "bootstrap: creating the virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit("ReviewDesk needs Python 3.11 or newer; this is " + sys.version.split()[0])
PY
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip </dev/null
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev]' </dev/null
touch "$VENV/.reviewdesk-installed"
echo "bootstrap: ready"
