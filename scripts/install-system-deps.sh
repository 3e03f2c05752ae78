#!/usr/bin/env bash
# Installs the Debian packages the service and its tests need, if they are missing:
# the PostgreSQL server, the Noto CJK fonts (documents embed Noto Serif CJK SC), poppler-utils
# (tests read PDFs back), unzip (tests open packets), DejaVu Sans (the ☑/☐ glyphs Noto CJK lacks),
# Chromium (the browser tests drive /usr/bin/chromium with playwright-core). Idempotent: does nothing when all are present.
set -euo pipefail

missing=()
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
[ -e /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v unzip >/dev/null || missing+=(unzip)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -x /usr/bin/chromium ] || missing+=(chromium)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
  echo "missing Debian packages: ${missing[*]} — install them with: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
# The Debian package starts a cluster of its own; we run our own servers, so stop it.
if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null; then
  "${sudo[@]}" service postgresql stop >/dev/null 2>&1 || true
fi
