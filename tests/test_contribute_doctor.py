"""`doctor`: required things missing → exit 1 and a Chinese fix; optional ones only warn."""

from __future__ import annotations

from conftest import run_cli
from generator.contribute import doctor
from generator.contribute.doctor import Check, render


def test_render_exit_codes():
    ok = Check("Python", True, True, "Python 3.11")
    optional = Check("pre-commit", False, False, "未安装", "pip install pre-commit")
    text, code = render([ok, optional])
    assert code == 0 and "必需条件都已具备" in text and "怎么办：pip install pre-commit" in text
    missing = Check("中文字体", True, False, "没有找到", "apt-get install fonts-noto-cjk")
    text, code = render([ok, missing])
    assert code == 1 and "✘ 必需  中文字体" in text and "apt-get install fonts-noto-cjk" in text


def test_missing_fonts_say_how_to_fix(monkeypatch):
    monkeypatch.setattr(doctor, "_run", lambda *cmd: "")
    check = doctor.check_fonts()
    assert check.required and not check.ok and "fonts-noto-cjk" in check.fix


def test_declared_packages_are_checked():
    names = {c.name for c in doctor.check_packages()}
    assert "Python 包 pydantic" in names and "开发工具 pytest" in names


def test_doctor_command():
    code, out, _ = run_cli("doctor")
    assert code in (0, 1) and "Python" in out and "中文字体" in out
