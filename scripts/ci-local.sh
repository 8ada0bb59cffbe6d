#!/usr/bin/env bash
# Run this repository's GitLab pipeline on this machine, as GitLab would on a content-only change:
# first the merge-request pipeline, then the main-branch pipeline (validate → build → publish).
#
#   bash scripts/ci-local.sh            (needs Node ≥ 18 and npm; several minutes: installs, builds)
#
# It uses gitlab-ci-local (npm, pinned below) with the shell executor, in a fresh git repository
# made from the committed files (as a union's fork) under bench/out/ci-local/. The publish job
# deploys with `qinchuang deploy` into bench/out/ci-local/srv (a local folder instead of a server).
# It checks: every job that should run passed, the test job did not run (content-only change),
# and the validate job used the light set-up (no Chromium, no fonts).
set -euo pipefail
cd "$(dirname "$0")/.."
TOOL=$PWD
GCL_VERSION=4.73.0   # the newest gitlab-ci-local that runs on Node 20 (4.74 needs Node 22's Set.union)
WORK=${CI_LOCAL_DIR:-$TOOL/bench/out/ci-local}

if [ ! -x .ci-local/node_modules/.bin/gitlab-ci-local ] || \
   [ "$(.ci-local/node_modules/.bin/gitlab-ci-local --version 2>/dev/null)" != "$GCL_VERSION" ]; then
  npm install --no-audit --no-fund --prefix .ci-local "gitlab-ci-local@$GCL_VERSION" >/dev/null
fi
GCL=$TOOL/.ci-local/node_modules/.bin/gitlab-ci-local

rm -rf "$WORK"
mkdir -p "$WORK/repo"
git archive HEAD | tar -x -C "$WORK/repo"
cd "$WORK/repo"
git init -q -b main
git -c user.name=ci -c user.email=ci@localhost commit -q --allow-empty -m init
git add -A
git -c user.name=ci -c user.email=ci@localhost commit -q -m "基线"
git clone -q --bare . ../origin.git
git remote add origin ../origin.git
git fetch -q origin
git remote set-head origin main
git remote set-url origin https://gitlab.example.intranet/union/qinchuang.git  # how gitlab-ci-local names the project
BASE=$(git rev-parse HEAD)

# The content-only change: one new project, as an employee's merge request adds it.
git checkout -q -b new-project
python3 - <<'EOF'
import pathlib, re
folder = pathlib.Path("content/projects")
year = max(p.name for p in folder.iterdir() if p.name.isdigit())
last = sorted((folder / year).glob(f"KT-{year}-*.md"))[-1]
new = f"KT-{year}-{int(last.stem.rsplit('-', 1)[1]) + 1:03d}"
text = last.read_text(encoding="utf-8").replace(last.stem, new)
text = re.sub(r"^title: .*$", "title: 输煤皮带跑偏自动纠正装置研制", text, count=1, flags=re.M)
(folder / year / f"{new}.md").write_text(text, encoding="utf-8")
print("新增", new)
EOF
git add content
git -c user.name=ci -c user.email=ci@localhost commit -q -m "新增课题"
test -z "$(git diff --name-only "$BASE" HEAD | grep -v '^content/')"  # content only

run() {  # pipeline name, variables…
  local name=$1; shift
  set -- --force-shell-executor --ignore-predefined-vars CI_PIPELINE_SOURCE "$@"
  echo "== $name：$("$GCL" --list "$@" | awk 'NR>1 {print $1}' | tr '\n' ' ')"
  if ! "$GCL" "$@" > "../$name.log" 2>&1; then
    tail -40 "../$name.log"; echo "流水线“$name”失败，完整日志：$WORK/$name.log" >&2; exit 1
  fi
  "$GCL" --list "$@" > "../$name.jobs"
}

run 合并请求 --variable CI_PIPELINE_SOURCE=merge_request_event --variable "CI_MERGE_REQUEST_DIFF_BASE_SHA=$BASE"
fail() { echo "$1" >&2; exit 1; }
grep -q '\$ make validate' ../合并请求.log && make -n validate | grep -q "scripts/setup.sh validate" \
  || fail "validate 作业没有用轻量安装"
if grep -qiE "安装系统软件包.*(chromium|fonts)" ../合并请求.log; then fail "合并请求作业安装了浏览器或字体"; fi
if .venv/bin/python -c "import playwright" 2>/dev/null; then fail "合并请求作业装了测试工具（playwright）"; fi
if grep -qE '^test ' ../合并请求.jobs; then fail "只改 content/ 的合并请求不应运行 test"; fi
test -s gl-code-quality-report.json && test -s changes.md || fail "缺少代码质量报告或改动摘要"

git checkout -q main
git merge -q --ff-only new-project
run 主分支 --variable CI_PIPELINE_SOURCE=push --variable "DEPLOY_TARGET=$WORK/srv"
if grep -qE '^test ' ../主分支.jobs; then fail "只改 content/ 的推送不应运行 test"; fi
test -L "$WORK/srv/current" && test -f "$WORK/srv/current/index.html" || fail "没有发布到 $WORK/srv/current"

echo "通过：合并请求作业与主分支作业（validate → build → deploy-intranet）都成功；只改 content/ 时不跑 test；"
echo "validate 作业只做轻量安装（scripts/setup.sh validate）。日志：$WORK/*.log，发布目录：$WORK/srv/current"
