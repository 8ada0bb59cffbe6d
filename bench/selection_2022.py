"""The 2022 selection end to end on the sample knowledge base (a copy; the repository is untouched):

    python bench/selection_2022.py

0. `qinchuang awards 2022` on the sample as it is: the ranking agrees with the ledger;
1. remove the award entries the two 2022 selections produced (the ledger's 厂级 awards);
2. `qinchuang awards 2022 --write`: three experts' sheets → weighted means → ranking → grades by
   quota → award entries written;
3. compare the written entries with the removed ones (recipient, grade, amount) and the total
   with the ledger's 60,500 元; `validate` must pass;
4. three bad selections, each in a fresh copy: an expert scoring their own sub-base, a grade over
   its quota, an amount off its rule — each must be rejected with its code at file:line.
Prints the figures and the time of each run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from workdir import workdir  # noqa: E402

LEDGER_YUAN = 60_500  # 2022 基地奖励 in the union's account: 51,000 (projects) + 9,500 (papers)


def copy_kb(folder: Path) -> Path:
    root = folder / "kb"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "site_config", root / "site_config")
    return root


def qc(root: Path, *args: str) -> tuple[int, str, float]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                         capture_output=True, text=True, cwd=REPO)
    return out.returncode, out.stdout + out.stderr, time.perf_counter() - started


def awards_of(root: Path) -> dict[str, tuple[str, str, str]]:
    """Award file → (recipient, grade, amount) of the 2022 selections' awards."""
    names = {re.search(r"^name: (.+)$", p.read_text(encoding="utf-8"), re.M).group(1).strip('"')
             for p in (root / "content/selections/2022").glob("*.yml")}
    out = {}
    for path in sorted((root / "content/awards").glob("JL-2022-*.yml")):
        text = path.read_text(encoding="utf-8")
        field = {k: v.strip().strip("'\"") for k, v in re.findall(r"^(\w+): (.*)$", text, re.M)}
        if field.get("name") in names and field.get("year") == "2022":
            recipient = re.search(r"^- (\S+)$", text, re.M) or re.search(r"recipients: \[(\S+)\]", text)
            out[path.name] = (recipient.group(1), field["grade"], field["amount"])
    return out


def forget(root: Path, awards: dict) -> None:
    """Delete these award entries, the projects' references to them and the papers' award grades
    (the knowledge base as it was before the selection)."""
    for name in awards:
        (root / "content/awards" / name).unlink()
    ids = {Path(name).stem for name in awards}
    for path in (root / "content/projects").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        kept = re.sub(r"^- (JL-\d{4}-\d{3})\n", lambda m: "" if m.group(1) in ids else m.group(0), text, flags=re.M)
        kept = re.sub(r"^awards:\n(?!- )", "awards: []\n", kept, flags=re.M)
        if kept != text:
            path.write_text(kept, encoding="utf-8")
    for recipient, _, _ in awards.values():
        for path in (root / "content/papers").rglob(f"{recipient}.md"):
            path.write_text(re.sub(r"^award: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")


def main() -> int:
    ok = True
    with workdir("qc-selection-") as tmp:
        root = copy_kb(Path(tmp))
        code, out, seconds = qc(root, "awards", "2022")
        print(f"示例知识库原样：qinchuang awards 2022 → 退出码 {code}，"
              f"{out.strip().splitlines()[-1]}，{seconds:.2f} s")
        ok &= code == 0
        ledger = awards_of(root)
        forget(root, ledger)
        code, out, seconds = qc(root, "awards", "2022")
        print(f"台账中删去 2022 年评选产生的 {len(ledger)} 项奖励后：qinchuang awards 2022 → 退出码 {code}"
              f"（应为 1：缺少 {out.count('奖励台账中没有')} 项），{seconds:.2f} s")
        code, out, seconds = qc(root, "awards", "2022", "--write")
        written = awards_of(root)
        total = sum(int(a) for _, _, a in written.values())
        same = sorted(ledger.values()) == sorted(written.values())
        print(f"qinchuang awards 2022 --write → 退出码 {code}，写入 {len(written)} 项，奖金合计 {total:,} 元"
              f"（台账 {LEDGER_YUAN:,} 元），获奖对象/等级/金额与原台账{'完全一致' if same else '不一致'}，{seconds:.2f} s")
        code_v, out_v, seconds = qc(root, "validate")
        print(f"写入后 qinchuang validate → 退出码 {code_v}，{seconds:.2f} s")
        ok &= code == 0 and same and total == LEDGER_YUAN and code_v == 0
    for label, change, expect in BAD:
        with workdir("qc-selection-bad-") as tmp:
            root = copy_kb(Path(tmp))
            rel = change(root)
            code, out, seconds = qc(root, "validate", "--color", "never")
            hits = [line.strip() for line in out.splitlines() if f"  {expect}  " in line]
            where = f"{rel}:{hits[0].split()[0]}" if hits and rel in out else "（未报告）"
            print(f"{label}：退出码 {code}，{expect} 于 {where} — {hits[0].split(']', 1)[-1].strip() if hits else ''}"
                  f"（{seconds:.2f} s）")
            ok &= code == 1 and bool(hits) and rel in out
    print("全部符合" if ok else "有不符合之处")
    return 0 if ok else 1


def own_base(root: Path) -> str:
    """Expert QD10013 (FJD-12) gives KT-2022-013 — a FJD-12 project it left out (回避) — a score."""
    rel = "content/scores/2022/PF-2022-001.yml"
    path = root / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"  # KT-2022-013：回避.*", "  KT-2022-013: {创新性: 9, 实用性: 9, 经济效益: 9, 推广价值: 9}",
                           text), encoding="utf-8")
    return rel


def over_quota(root: Path) -> str:
    """One more 2022 三等奖 for a nominee the ranking left out."""
    rel = "content/awards/JL-2022-035.yml"
    text = (root / "content/awards/JL-2022-024.yml").read_text(encoding="utf-8")
    (root / rel).write_text(text.replace("JL-2022-024", "JL-2022-035").replace("KT-2022-029", "KT-2022-001"),
                            encoding="utf-8")
    return rel


def amount_off(root: Path) -> str:
    """A 三等奖 of 50,000 元 (the rule says 1,500)."""
    rel = "content/awards/JL-2022-015.yml"
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace("amount: 1500", "amount: 50000"), encoding="utf-8")
    return rel


BAD = [("专家给本分基地课题打分", own_base, "score-conflict"),
       ("等级超出名额", over_quota, "award-quota"),
       ("金额不符合等级规则", amount_off, "award-amount")]

if __name__ == "__main__":
    sys.exit(main())
