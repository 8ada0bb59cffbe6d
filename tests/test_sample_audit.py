"""scripts/sample/audit.py: it must find what an editor of the union office would notice, and the
regenerated sample (``sample_root``) must read as written by people, not filled in.

The first tests give the auditor a small knowledge base with each mistake made once, the way a
careless generator (or a careless copy-and-paste) makes it; the last ones hold the sample
generator to what issue 19 asked of it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts" / "sample"))

import audit  # noqa: E402


def project(pid: str, title: str, notes: list[tuple[str, str]], completed: str | None = None, body: str = "",
            category: str = "技术", keywords=("热网", "阀门")) -> str:
    lines = ["---", f"id: {pid}", f"title: '{title}'", f"category: {category}", "status: 完成" if completed else "status: 实施",
             "keywords:"] + [f"- {k}" for k in keywords]
    if completed:
        lines.append(f"completed: '{completed}'")
    lines.append("progress:")
    for day, note in notes:
        lines += [f"- date: '{day}'", f"  note: {note}"]
    return "\n".join(lines) + "\n---\n\n" + body + "\n"


def paper(pid: str, body: str) -> str:
    return f"---\nid: {pid}\ntitle: 论文{pid}\n---\n\n{body}\n"


@pytest.fixture()
def kb(tmp_path):
    root = tmp_path / "content"
    (root / "projects").mkdir(parents=True)
    (root / "papers").mkdir()
    (root / "people").mkdir()
    (root / "people" / "QD1.yml").write_text("id: QD1\nname: 王立国\n", encoding="utf-8")
    # a 供热公众号 project tried out at a valve pit of the district network, and logging after completion
    (root / "projects" / "KT-1.md").write_text(project(
        "KT-1", "供热公众号服务优化", [("2022-03-01", "王立国在一级管网阀门井试行新的回复流程。"),
                                     ("2022-06-01", "课题完成。"), ("2022-07-15", "继续跟踪用户反馈。")],
        completed="2022-06-01", category="管理", keywords=("公众号", "投诉")), encoding="utf-8")
    # a #1 unit project whose note speaks of the #3 unit
    (root / "projects" / "KT-2.md").write_text(project(
        "KT-2", "#1炉吹灰器治理", [("2022-03-01", "利用#3机组调停窗口更换吹灰器。")]), encoding="utf-8")
    shared = "".join(f"第{n}段：本文结合创新课题的实施过程，分析指标偏离目标值的原因，介绍所采取的改进措施及效果，"
                     f"以QC方法为主线、以师带徒为组织形式开展课题攻关，既解决了生产难题，也锻炼了青年员工。"
                     for n in "一二三四五六")
    for i in range(3):
        (root / "papers" / f"LW-{i}.md").write_text(paper(
            f"LW-{i}", f"## 0 引言\n\n秦皇岛发电有限责任公司公司四台机组。{shared}\n\n## 1 结论\n\n"
                       f"对成本分摊的安全和经济运行构成威胁。下一步将把成熟做法推广到其他机组同类设备。"), encoding="utf-8")
    return root


def test_finds_each_mistake(kb):
    figures = audit.audit(kb)
    assert figures["含“公司公司”的文件"] == 3
    assert figures["共用同一提纲的最大篇数"] == 3
    assert figures["共用同一结尾句的最大篇数"] == 3
    assert figures["含300字以上“三篇以上共有句子”的论文"] == 3
    assert figures["读不通的填空句"] == 3
    assert figures["完成后仍记进展的记录"] == 1 and figures["完成后仍记进展的课题"] == 1
    assert figures["提到别处场所的记录"] == 1
    assert figures["提到别的机组的记录"] == 1


def test_a_clean_knowledge_base_scores_nothing(tmp_path):
    root = tmp_path / "content"
    (root / "projects").mkdir(parents=True)
    (root / "projects" / "KT-1.md").write_text(project(
        "KT-1", "#1炉吹灰器治理", [("2022-03-01", "利用#1机组调停窗口更换吹灰器链条。"), ("2022-06-01", "课题完成。")],
        completed="2022-06-01", keywords=("吹灰器",)), encoding="utf-8")
    figures = audit.audit(root)
    assert figures["完成后仍记进展的记录"] == 0
    assert figures["提到别处场所的记录"] == 0 and figures["提到别的机组的记录"] == 0
    assert figures["含“公司公司”的文件"] == 0


def test_compare_names_what_changed(kb, tmp_path):
    import shutil
    old = tmp_path / "old"
    shutil.copytree(kb, old)
    text = (kb / "projects" / "KT-2.md").read_text(encoding="utf-8")
    (kb / "projects" / "KT-2.md").write_text(text.replace("title: '#1炉吹灰器治理'", "title: 吹灰器治理"), encoding="utf-8")
    (kb / "papers" / "LW-0.md").unlink()
    problems = audit.compare(audit.entries(kb), audit.entries(old))
    assert sorted(problems) == ["KT-2: title 变了", "LW-0: 不见了"]


def test_regenerated_sample_reads_as_written(sample_root):
    figures = audit.audit(sample_root / "content")
    assert figures["含“公司公司”的文件"] == 0
    assert figures["读不通的填空句"] == 0
    assert figures["完成后仍记进展的记录"] == 0
    assert figures["提到别的机组的记录"] == 0
    papers = figures["论文篇数"]
    assert figures["共用同一提纲的最大篇数"] <= papers // 8
    assert figures["共用同一结尾句的最大篇数"] <= 2
    assert figures["套用同一句式（≥10个课题）的记录"] < figures["进展记录条数"] / 2
    assert figures["其中基地或本公司自评"] < figures["鉴定"] / 4
    assert figures["评为省内领先"] <= figures["鉴定"] / 10
    assert figures["其中写明计算方法"] == figures["有金额的效益"]
    # issue 19 item 6: appraisals, seasons and benefit methods read as written case by case
    assert figures["共用同一结论结尾的最大鉴定数"] <= figures["鉴定"] / 5
    assert figures["鉴定单位与水平不相称"] == 0
    assert figures["季节原因与月份不符的记录"] == 0
    assert figures["效益方法中未选定的“（或…）”"] == 0
    assert figures["写作增收的节约"] == 0
    assert figures["效益方法中共用同一说法的最多课题"] < 10
    assert figures["套用同一句式（≥10个课题）的记录"] < figures["进展记录条数"] / 4


def test_audit_command_runs(sample_root):
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "sample" / "audit.py"), str(sample_root / "content")],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert "进展记录条数" in done.stdout


def test_finds_templated_appraisals_seasons_and_benefits(tmp_path):
    """Issue 19 item 6: one conclusion for every appraisal, a province's body rating a result 市内领先,
    迎峰度夏 in November, a template's “（或…）” left in, a saving filed as 增收, one wording in every method."""
    root = tmp_path / "content"
    (root / "projects").mkdir(parents=True)
    closing = "资料齐全，数据可信，成果总体达到市内领先水平，同意通过鉴定。"
    for i in range(12):
        text = project(f"KT-{i}", f"课题{i}", [("2022-11-03", "更换阀门。因迎峰度夏推迟了3天。"),
                                               ("2022-07-03", "更换阀门。因迎峰度夏推迟了2天。")], completed="2022-12-01")
        head, _, body = text.partition("\n---\n")
        head += (f"\nappraisal:\n  date: '2022-12-20'\n  body: 河北省电力行业协会\n  level: 市内领先\n"
                 f"  conclusion: 课题组针对问题{i}采取措施。{closing}\n"
                 f"benefits:\n- type: 增收\n  amount: {i + 1}\n  unit: 万元\n"
                 f"  method: 按再生药剂（或石膏处置）费用台账对比，对比近三年同类缺陷的处理记录，年节约约 {i + 1} 万元\n")
        (root / "projects" / f"KT-{i}.md").write_text(head + "\n---\n" + body, encoding="utf-8")
    figures = audit.audit(root)
    assert figures["共用同一结论结尾的最大鉴定数"] == 12
    assert figures["鉴定单位与水平不相称"] == 12
    assert figures["季节原因与月份不符的记录"] == 12
    assert figures["效益方法中未选定的“（或…）”"] == 12
    assert figures["写作增收的节约"] == 12
    assert figures["效益方法中共用同一说法的最多课题"] == 12


def test_a_province_body_may_rate_a_result_against_the_province_or_country():
    assert audit.level_fits_body("河北省电机工程学会", "省内领先")
    assert audit.level_fits_body("国家能源投资集团有限责任公司科技部", "国内先进")
    assert not audit.level_fits_body("河北省电力行业协会", "市内领先")
    assert audit.level_fits_body("秦皇岛市企业管理协会", "市内领先")
    assert not audit.level_fits_body("秦皇岛市企业管理协会", "国内先进")
