#!/usr/bin/env bash
# The HTML report test drives Debian's chromium (never a browser downloaded through npm). Install it
# when it is missing and we can (root + apt-get); otherwise say exactly what to do.
set -euo pipefail
if [ -n "${RMQ_DRIFT_SKIP_BROWSER:-}" ] || command -v chromium >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
fi
if [ "$SUDO" = "none" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "rmq-drift: the HTML report test needs Debian's chromium at /usr/bin/chromium." >&2
  echo "  Install it (apt-get install chromium), or set RMQ_DRIFT_SKIP_BROWSER=1 to skip that test." >&2
  exit 1
fi
echo "rmq-drift: installing Debian chromium for the HTML report test (once)…" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
