#!/usr/bin/env bash
# One-time set-up, safe to re-run: system packages (Debian), then the Python virtualenv.
# Called by `make setup` (and so by every make target); nothing else needs installing by hand.
#
#   scripts/setup.sh [PROFILE]     (or SETUP_PROFILE=…; the Makefile picks one per target)
#     validate  Python only: validate, stats, changes (CI merge-request jobs; no browser, no fonts)
#     build     + CJK fonts and Pango for the anthology PDF (make site)
#     deploy    + rsync and the ssh client (qinchuang deploy / rollback)
#     full      everything the test suite needs: + Chromium, poppler, sshd (make test; the default)
# Mirrors: PIP_INDEX_URL for PyPI (pip reads it), DEBIAN_MIRROR for apt, e.g.
#   DEBIAN_MIRROR=http://mirrors.example.intranet/debian  (replaces http://deb.debian.org/debian)
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=${1:-${SETUP_PROFILE:-full}}
PDF_PACKAGES=(fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0)
DEPLOY_PACKAGES=(rsync openssh-client)
case "$PROFILE" in
  validate) SYSTEM_PACKAGES=() ;;
  build) SYSTEM_PACKAGES=("${PDF_PACKAGES[@]}") ;;
  deploy) SYSTEM_PACKAGES=("${DEPLOY_PACKAGES[@]}") ;;
  # Chromium for browser tests, poppler for PDF checks, sshd for the deploy tests
  full) SYSTEM_PACKAGES=("${PDF_PACKAGES[@]}" "${DEPLOY_PACKAGES[@]}" chromium poppler-utils openssh-server) ;;
  *) echo "未知的安装配置 $PROFILE：可用 validate、build、deploy、full" >&2; exit 2 ;;
esac
missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "缺少系统软件包：${missing[*]}。请让管理员安装：apt-get install ${missing[*]}" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "安装系统软件包：${missing[*]}"
  if [ -n "${DEBIAN_MIRROR:-}" ]; then
    for list in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
      if [ -f "$list" ]; then $SUDO sed -i "s|https\?://deb.debian.org/debian|${DEBIAN_MIRROR%/}|g" "$list"; fi
    done
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Re-install only when the dependency list changed. validate/build/deploy jobs need no test tools.
EXTRAS='[dev]'; MARK=.venv/.installed
if [ "$PROFILE" != full ]; then EXTRAS=''; MARK=.venv/.installed-tool; [ -f .venv/.installed ] && MARK=.venv/.installed; fi
if [ ! -f "$MARK" ] || [ pyproject.toml -nt "$MARK" ]; then
  log=$(mktemp)
  if ! .venv/bin/python -m pip install -q -e ".$EXTRAS" >"$log" 2>&1; then
    cat "$log" >&2
    echo "Python 依赖安装失败（见上）。" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$MARK"
fi
