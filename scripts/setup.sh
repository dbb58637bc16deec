#!/usr/bin/env bash
# Creates or refreshes the two virtual environments; does nothing (in about a second) when the pinned
# requirements have not changed since the last successful install.
#   .venv-rasa  Python 3.10, the Rasa server      (requirements/rasa.txt)
#   .venv       Python 3.11, everything else      (requirements/app.txt, the runtime, and dev.txt, the tools)
# Those files are compiled from requirements/*.in by `make lock`, with uv as pinned in dev.txt.
# Also installs the system's Chromium when missing: the web chat's browser tests drive it through
# Playwright, which is never allowed to download a browser of its own. And the local OpenID Connect provider
# the sign-in tests start (npm's oidc-provider, pinned by standins/oidc/package-lock.json), with Node.js
# from the system's packages when it is missing. And MeshCentral (npm's meshcentral, pinned by
# .meshcentral/package-lock.json), the remote-assistance server the remote-session tests start on loopback.
# And ClamAV's daemon (Debian's clamav-daemon), which the upload tests start with a signature file of their own.
# And OpenLDAP's slapd and ldap-utils from the system's packages: the people directory's tests import from a
# throwaway slapd on loopback (tests/servicedesk/people/slapd.py), as a client's LDAP/Active Directory.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {  # $1 = version, e.g. 3.10
  local version=$1 candidate
  for candidate in "python$version" \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/python"$version" \
      /usr/local/bin/python"$version" /usr/bin/python"$version"; do
    if command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ]; then
      if "$candidate" -c "import sys, venv; sys.exit(sys.version_info[:2] != tuple(map(int, '$version'.split('.'))))" 2>/dev/null; then
        command -v "$candidate" 2>/dev/null || echo "$candidate"
        return 0
      fi
    fi
  done
  return 1
}

ensure_venv() {  # $1 = venv dir, $2 = python version, $3 = why, $4... = requirements files
  local dir=$1 version=$2 why=$3 stamp python wanted
  shift 3
  local requirements=("$@")
  stamp="$dir/.requirements.sha256"
  wanted=$(cat "${requirements[@]}" | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && [ -x "$dir/bin/python" ]; then
    return 0
  fi
  if ! python=$(find_python "$version"); then
    cat >&2 <<MSG
Relais needs Python $version ($why), and none was found on PATH or under pyenv.
Install it, then run this again:
  pyenv install $version          # with pyenv, or
  apt-get install python$version python$version-venv   # on Debian/Ubuntu where packaged
MSG
    exit 1
  fi
  echo "==> $dir: installing ${requirements[*]} with $python (first time: a few minutes)"
  [ -x "$dir/bin/python" ] || "$python" -m venv "$dir"
  # pip's notes about this machine's extra package folders are noise here; real errors still show.
  "$dir/bin/python" -m pip install --quiet "${requirements[@]/#/--requirement=}" 2>&1 | { grep -vE "^WARNING: Location|^  DEPRECATION: .* legacy .setup.py install" || true; }
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "pip install failed for $dir" >&2; exit 1; }
  echo "$wanted" > "$stamp"
}

ensure_venv .venv-rasa 3.10 "Rasa 3.6 runs on Python 3.10 only" requirements/rasa.txt
ensure_venv .venv 3.11 "the action server, knowledge base, channels and tests" requirements/app.txt requirements/dev.txt

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "note: Chromium is missing; the web chat's browser tests need it (as root: apt-get install chromium)." >&2
    return 0
  fi
  echo "==> installing Chromium with apt-get (the web chat's browser tests drive it)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q chromium >/dev/null 2>&1; then  # a fresh machine has no package lists yet
    apt-get update -q >/dev/null
    apt-get install -y -q chromium >/dev/null
  fi
}

ensure_chromium

ensure_oidc_standin() {  # standins/oidc: `npm ci` again only when its lock file changed
  local dir=standins/oidc stamp wanted
  stamp="$dir/node_modules/.package-lock.sha256"
  wanted=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "note: Node.js is missing; the web chat's sign-in tests need it (as root: apt-get install nodejs npm)." >&2
      return 0
    fi
    echo "==> installing Node.js with apt-get (the sign-in tests run a local OpenID Connect provider)"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q nodejs npm >/dev/null 2>&1; then
      apt-get update -q >/dev/null
      apt-get install -y -q nodejs npm >/dev/null
    fi
  fi
  echo "==> $dir: npm ci (the local OpenID Connect provider of the tests)"
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  echo "$wanted" > "$stamp"
}

ensure_oidc_standin

ensure_meshcentral() {  # .meshcentral: `npm ci` again only when its lock file changed; Node.js came just above
  local dir=.meshcentral stamp wanted
  stamp="$dir/node_modules/.package-lock.sha256"
  wanted=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "note: Node.js is missing; the remote-assistance tests need it to run MeshCentral." >&2
    return 0
  fi
  echo "==> $dir: npm ci (MeshCentral, for remote assistance and its tests; first time: a minute)"
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  echo "$wanted" > "$stamp"
}

ensure_meshcentral

ensure_slapd() {  # the tests' own slapd runs from its own config and folder; the system's is never used
  if [ -x /usr/sbin/slapd ] && [ -x /usr/sbin/slapadd ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "note: OpenLDAP is missing; the people directory's LDAP tests skip" \
         "(as root: apt-get install slapd ldap-utils)." >&2
    return 0
  fi
  echo "==> installing OpenLDAP's slapd with apt-get (the people directory's LDAP tests start one on loopback)"
  export DEBIAN_FRONTEND=noninteractive  # debconf's defaults: no question about the system's own directory
  if ! apt-get install -y -q --no-install-recommends slapd ldap-utils >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends slapd ldap-utils >/dev/null
  fi
}

ensure_slapd

ensure_clamav() {  # the upload tests start a real clamd (tests/servicedesk/uploads/clamd_server.py)
  if command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "note: clamd is missing; the upload tests' virus scan skips (as root: apt-get install clamav-daemon)." >&2
    return 0
  fi
  echo "==> installing ClamAV's daemon with apt-get (the upload tests scan with it; no signatures are downloaded)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends clamav-daemon >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends clamav-daemon >/dev/null
  fi
}

ensure_clamav
