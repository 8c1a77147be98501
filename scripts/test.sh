#!/usr/bin/env bash
# Set up and run the whole test suite on a fresh machine (README: "Run the tests").
# Installs Debian's chromium + chromium-driver for the browser test when missing
# (needs root or sudo), the package with its test extras, then lint and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    if command -v apt-get >/dev/null 2>&1; then
        echo "installing chromium for the browser test"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "warning: apt-get not found; the browser test will be skipped" >&2
    fi
fi

python -m pip install -q --disable-pip-version-check -e '.[test]'
python -m ruff check src tests dashboard bench
python -m pytest "$@"
