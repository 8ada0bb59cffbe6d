"""Opening the office's files: one clear message for each kind of file we cannot read."""

from __future__ import annotations

import zipfile
from pathlib import Path

from generator.errors import UsageError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls, and also any encrypted .docx/.xlsx
WHAT = {".docx": ("Word", "word/document.xml", ".doc"), ".xlsx": ("Excel", "xl/workbook.xml", ".xls")}


def check_office_file(path: Path, ext: str) -> None:
    """Raise UsageError with what to do when ``path`` is not a readable ``ext`` file."""
    app, main_part, old = WHAT[ext]
    save_as = f"请用 {app} 打开，“文件 → 另存为”选择“{app} {'文档' if app == 'Word' else '工作簿'}（*{ext}）”后再导入"
    if not path.is_file():
        raise UsageError(f"找不到文件 {path}")
    suffix = path.suffix.lower()
    if suffix == ".xlsm" and ext == ".xlsx":
        suffix = ".xlsx"
    if suffix in (".wps", ".et"):
        raise UsageError(f"{path.name} 是 WPS 格式：{save_as}")
    with path.open("rb") as f:
        head = f.read(8)
    if head == OLE_MAGIC:
        if suffix == old:
            raise UsageError(f"{path.name} 是旧版 {app} 格式（{old}），不能直接导入：{save_as}")
        raise UsageError(f"{path.name} 设置了打开密码（已加密），不能读取：请在 {app} 中“文件 → 信息 → "
                         f"保护 → 用密码进行加密”里删除密码并保存，再导入")
    if suffix != ext:
        raise UsageError(f"{path.name} 不是 {ext} 文件：{save_as}")
    try:
        with zipfile.ZipFile(path) as z:
            if main_part not in z.namelist():
                raise zipfile.BadZipFile
            z.getinfo(main_part)
    except (zipfile.BadZipFile, OSError):
        raise UsageError(f"{path.name} 已损坏或不是真正的 {ext} 文件，无法读取：{save_as}；"
                         f"若仍不行，请找原作者要一份新的") from None
