#!/usr/bin/env bash
# Installs the Debian packages the service and its tests need, if they are missing:
# the PostgreSQL server, the Noto CJK fonts (documents embed Noto Serif CJK SC), poppler-utils
# (tests read PDFs back), unzip (tests open packets), DejaVu Sans (the ☑/☐ glyphs Noto CJK lacks).
# Idempotent: does nothing when all are present. As root it installs with apt-get; as another user
# with sudo (sudo may ask for the password); a user who may not install gets one line per missing
# piece and the command for someone who may.
set -euo pipefail

missing=()
why=()
lack() { missing+=("$1"); why+=("  $1: $2"); }
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || lack postgresql 'the PostgreSQL server (no /usr/lib/postgresql/*/bin/postgres)'
[ -e /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || lack fonts-noto-cjk 'the font documents embed (no /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc)'
command -v pdftotext >/dev/null || lack poppler-utils 'pdftotext, used by the tests (not on PATH)'
command -v unzip >/dev/null || lack unzip 'unzip, used by the tests (not on PATH)'
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || lack fonts-dejavu-core 'the ☑/☐ glyphs (no /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf)'

[ ${#missing[@]} -eq 0 ] && exit 0

cannot_install() {
  {
    echo "missing Debian packages, and this user ($(id -un)) cannot install them:"
    printf '%s\n' "${why[@]}"
    echo "ask an administrator to run: apt-get install ${missing[*]}"
  } >&2
  exit 1
}

if [ "$(id -u)" -eq 0 ]; then sudo=()
elif command -v sudo >/dev/null && sudo -v 2>/dev/null; then sudo=(sudo)
else cannot_install
fi
echo "installing Debian packages: ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
# The Debian package starts a cluster of its own; we run our own servers, so stop it.
if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null; then
  "${sudo[@]}" service postgresql stop >/dev/null 2>&1 || true
fi
