"""`doctor`: is this machine ready to validate, build and test the knowledge base?

Every check says, in Chinese, how to fix what is missing. Exit status 0 when everything
*required* is present; optional things (test browser, search binary, git hooks) only warn.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

REQUIREMENT = re.compile(r"^([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(==|>=|<=|~=|<|>)?\s*([^;\s]*)\s*(?:;(.*))?$")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "chrome")


@dataclass(frozen=True)
class Check:
    name: str
    required: bool
    ok: bool
    detail: str
    fix: str = ""


def _declared() -> list[str]:
    """The requirement lines of pyproject.toml (the checkout's own, else the installed metadata)."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if pyproject.is_file():
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        extras = project.get("optional-dependencies", {})
        return list(project.get("dependencies", [])) + [f"{r}; extra == '{name}'"
                                                         for name, reqs in extras.items() for r in reqs]
    try:
        return metadata.requires("qinchuang") or []
    except metadata.PackageNotFoundError:
        return []


def _requirements() -> list[tuple[str, str, str, bool]]:
    """(name, operator, version, is_dev) of every declared dependency."""
    out = []
    for line in _declared():
        m = REQUIREMENT.match(line)
        if m:
            out.append((m.group(1), m.group(2) or "", m.group(3), "extra" in (m.group(4) or "")))
    return out


def check_python() -> Check:
    v = sys.version_info
    ok = v >= (3, 11)
    return Check("Python", True, ok, f"Python {v.major}.{v.minor}.{v.micro}",
                 "" if ok else "需要 Python 3.11 或更高版本：请安装新版 Python 后重新运行 make setup")


def check_packages() -> list[Check]:
    requirements = _requirements()
    if not requirements:
        return [Check("本工具（qinchuang）", True, False, "未安装",
                      "在知识库目录运行 make setup（或 pip install -e '.[dev]'）")]
    checks = []
    for name, op, want, dev in requirements:
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        ok = have is not None and (op != "==" or have == want)
        detail = f"{name} {have}" if have else f"{name} 未安装"
        if have and not ok:
            detail += f"（要求 {want}）"
        fix = "" if ok else (f"运行 make setup，或 pip install '{name}{op}{want}'" if op else f"pip install {name}")
        checks.append(Check(("开发工具 " if dev else "Python 包 ") + name, not dev, ok, detail, fix))
    return checks


def check_pdf_engine() -> Check | None:
    """Typst ships its compiler in the PyPI wheel: it only has to load and compile."""
    try:
        import typst
    except ImportError:
        return None  # reported as a missing package
    try:
        typst.compile(b"#set text(fallback: false)\n", ignore_system_fonts=True)
    except Exception as exc:  # a wheel for another platform, a broken install
        return Check("PDF 排版引擎（Typst）", True, False, f"无法运行：{exc}",
                     "运行 make setup 重新安装 Python 依赖")
    return Check("PDF 排版引擎（Typst）", True, True, "可以运行")


def _run(*cmd: str) -> str | None:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def check_fonts() -> Check:
    fix = ("安装 Noto CJK 中文字体：Debian/Ubuntu 运行 apt-get install fonts-noto-cjk；"
           "其他系统请安装“思源黑体 / 思源宋体（Noto Sans/Serif CJK SC）”")
    if not shutil.which("fc-list"):
        return Check("中文字体（论文集 PDF）", True, False, "找不到 fc-list，无法检查字体",
                     "安装 fontconfig（apt-get install fontconfig），并" + fix)
    listing = _run("fc-list", ":lang=zh", "family") or ""
    families = sorted({f.strip() for line in listing.splitlines() for f in line.split(",") if "CJK" in f})
    ok = any(f.startswith("Noto") for f in families)
    detail = "、".join(families[:4]) if families else "没有找到 Noto CJK 中文字体"
    return Check("中文字体（论文集 PDF）", True, ok, detail, "" if ok else fix)


def check_chromium() -> Check:
    path = next((p for p in map(shutil.which, CHROMIUM) if p), None)
    try:
        import playwright  # noqa: F401
        pw = True
    except ImportError:
        pw = False
    ok = bool(path) and pw
    parts = [f"浏览器 {path}" if path else "未找到 Chromium", "playwright 已安装" if pw else "playwright 未安装"]
    fix = []
    if not path:
        fix.append("Debian/Ubuntu 运行 apt-get install chromium")
    if not pw:
        fix.append("运行 make setup（或 pip install -e '.[dev]'）安装 playwright；不要运行 playwright install，测试直接使用系统的 Chromium")
    return Check("Chromium（浏览器测试，仅开发需要）", False, ok, "，".join(parts), "；".join(fix))


def check_git() -> list[Check]:
    git = shutil.which("git")
    out = [Check("git（提交、changes、--changed）", False, bool(git), git or "未安装",
                 "" if git else "Debian/Ubuntu 运行 apt-get install git；Windows 安装 Git for Windows")]
    hook = shutil.which("pre-commit") or shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    out.append(Check("pre-commit（提交前自动校验）", False, bool(hook), hook or "未安装",
                     "" if hook else "pip install pre-commit，然后在知识库目录运行 pre-commit install"))
    return out


def run_checks() -> list[Check]:
    checks = [check_python(), *check_packages(), check_pdf_engine(), check_fonts(), check_chromium(),
              *check_git()]
    return [c for c in checks if c is not None]


def render(checks: list[Check]) -> tuple[str, int]:
    lines = []
    for c in checks:
        mark = "✔" if c.ok else ("✘" if c.required else "！")
        need = "必需" if c.required else "可选"
        lines.append(f"{mark} {need}  {c.name}：{c.detail}")
        if not c.ok and c.fix:
            lines.append(f"       怎么办：{c.fix}")
    missing = [c for c in checks if c.required and not c.ok]
    optional = [c for c in checks if not c.required and not c.ok]
    if missing:
        lines.append(f"\n缺少 {len(missing)} 项必需条件：请按“怎么办”逐项处理后再运行 qinchuang doctor。")
    else:
        lines.append("\n必需条件都已具备。" + (f"另有 {len(optional)} 项可选条件未满足，不影响校验和生成网站。" if optional else ""))
    return "\n".join(lines) + "\n", 1 if missing else 0
