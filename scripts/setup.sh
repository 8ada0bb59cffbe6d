#!/usr/bin/env bash
# One-time set-up, safe to re-run: system packages (Debian), then the Python virtualenv.
# Called by `make setup` (and so by `make site` and `make test`); nothing else needs installing by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: CJK fonts and Pango for the anthology PDF (WeasyPrint), Chromium for browser
# tests, poppler for PDF checks, npm for the test tools of package.json (axe-core) unless Node.js
# is installed otherwise (NodeSource and the like bring their own npm).
SYSTEM_PACKAGES=(fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 chromium poppler-utils)
command -v npm >/dev/null || SYSTEM_PACKAGES+=(npm)
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
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Re-install only when the dependency list changed.
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  log=$(mktemp)
  if ! .venv/bin/python -m pip install -q -e '.[dev]' >"$log" 2>&1; then
    cat "$log" >&2
    echo "Python 依赖安装失败（见上）。" >&2
    exit 1
  fi
  rm -f "$log"
  touch .venv/.installed
fi

# Test tools from npm, at the versions of package-lock.json, into node_modules/ (git-ignored):
# axe-core for the accessibility test. No install scripts run.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null; then
    echo "npm 测试工具安装失败（axe-core，见上）。" >&2
    exit 1
  fi
fi
