"""Generate a large, valid, synthetic knowledge base for benchmarks.

    python bench/make_kb.py OUT_DIR --entries 10000

The mix follows the real base (people ≈ 40 %, projects ≈ 30 %, papers ≈ 8 % …) and so do the
sizes: project files of 2–4 KB with progress logs, papers of 6–12 KB with tables, formulas and
references. Every entry is valid and cross-linked, so the benchmark measures the real work.
The generated tree has a copy of the repository's site_config/ (its own: editing its vocabularies
must not edit the tool's checkout, and git can track it) and a .gitignore for the build output.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from generator.validation.identifiers import patent_check_digit  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
EQUIPMENT = ["磨煤机", "给水泵", "凝汽器", "空气预热器", "脱硫吸收塔", "SCR脱硝装置", "电除尘器", "汽轮机轴封", "高压加热器",
             "循环水泵", "输煤皮带", "DCS系统", "引风机", "送风机", "一次风机", "除氧器", "发电机氢冷系统", "主变压器",
             "厂用电切换装置", "化学补给水系统", "精处理混床", "热网加热器", "斗轮堆取料机", "捞渣机", "低温省煤器"]
PROBLEMS = ["振动偏大", "出力不足", "能耗偏高", "故障率高", "泄漏频发", "温度偏差大", "磨损严重", "自动投入率低", "检修周期短", "运行方式不合理"]
MEASURES = ["优化运行方式", "改进密封结构", "加装在线监测", "完善控制逻辑", "更换耐磨材料", "实施变频改造", "研制专用工具", "开展标准化作业"]
DISCIPLINES = ["锅炉", "汽机", "电气", "热控", "化学", "燃料", "环保", "供热", "管理"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _para(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        eq, pr, me = rng.choice(EQUIPMENT), rng.choice(PROBLEMS), rng.choice(MEASURES)
        out.append(f"针对{eq}{pr}的问题，课题组通过现场测试和历史数据分析，查明主要原因，采取{me}等措施，"
                   f"{eq}运行参数明显改善，月均缺陷由 {rng.randint(5, 15)} 次降至 {rng.randint(0, 4)} 次。")
    return "".join(out)


def _date(rng: random.Random, year: int, lo: int = 1, hi: int = 300) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randint(lo, hi))


def write_kb(out: Path, entries: int, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    shutil.copytree(REPO / "site_config", out / "site_config")  # symlinks inside are copied as files
    (out / ".gitignore").write_text("build/\nsite/\n", encoding="utf-8")
    years = [2021, 2022, 2023, 2024]
    counts = dict(base=13, studio=max(3, entries // 100), person=int(entries * 0.40), project=int(entries * 0.30),
                  paper=int(entries * 0.08), patent=int(entries * 0.04), software=max(1, entries // 100),
                  award=int(entries * 0.05), event=int(entries * 0.05), experience=int(entries * 0.02))
    counts["person"] += entries - sum(counts.values()) - len(years)  # targets files make up the rest

    def put(rel: str, text: str) -> None:
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    people = [f"QD{20000 + i}" for i in range(counts["person"])]
    bases = [f"FJD-{i:02d}" for i in range(1, 14)]
    for i, b in enumerate(bases):
        put(f"bases/{b}.yml", f"id: {b}\nname: 第{i + 1}分基地\nunion: 第{i + 1}分工会\n"
                              f"feature: {_para(rng, 1)}\nhead: {people[i]}\nfounded: 2021-01-08\n")
    for i, p in enumerate(people):
        titles = ""
        if i % 25 == 0:
            titles = f"titles:\n  - title: 秦皇岛市劳动模范\n    kind: 劳动模范\n    level: 市级\n    year: {rng.choice(years)}\n"
        put(f"people/{p}.yml", f"id: {p}\nname: {_name(rng)}\nbase: {bases[i % 13]}\nposition: 检修工\n"
                               f"skill: 技师\n{titles}joined: {rng.randint(1990, 2020)}\n")
    studios = [f"GZS-{i:02d}" if i < 100 else f"GZS-{i}" for i in range(1, counts["studio"] + 1)]
    for i, s in enumerate(studios):
        members = ", ".join(rng.sample(people, 5))
        put(f"studios/{s}.md", f"---\nid: {s}\nname: 第{i + 1}创新工作室\nleader: {people[i + 13]}\nmembers: [{members}]\n"
                               f"base: {bases[i % 13]}\nfounded: 2020-03-01\ndirection: {rng.choice(EQUIPMENT)}节能与可靠性\n"
                               f"levels:\n  - level: 厂级\n    date: 2020-03-01\n    granted_by: 厂工会\n---\n\n{_para(rng, 4)}\n")
    projects_by_year: dict[int, list[str]] = {y: [] for y in years}
    paper_of: dict[str, str] = {}
    patent_of: dict[str, str] = {}
    n_papers = counts["paper"]
    n_patents = counts["patent"]
    for i in range(counts["project"]):
        year = years[i % len(years)]
        pid = f"KT-{year}-{len(projects_by_year[year]) + 1:04d}"
        projects_by_year[year].append(pid)
        if i < n_papers:
            paper_of[pid] = f"LW-{year}-{sum(1 for k in paper_of if k[3:7] == str(year)) + 1:04d}"
        elif i < n_papers + n_patents:
            patent_of[pid] = f"ZL-{year}-{sum(1 for k in patent_of if k[3:7] == str(year)) + 1:04d}"
    for year, ids in projects_by_year.items():
        for pid in ids:
            team = rng.sample(people, 6)
            approved = _date(rng, year, 10, 120)
            done = pid in paper_of or pid in patent_of
            completed = approved + timedelta(days=rng.randint(90, 200))
            status = "完成" if done else "实施"
            progress = "".join(f"  - date: {approved + timedelta(days=15 * k + 5)}\n    note: {_para(rng, 1)[:60]}\n"
                               for k in range(5))
            outcomes = ""
            if pid in paper_of:
                outcomes = f"outcomes:\n  papers: [{paper_of[pid]}]\n"
            elif pid in patent_of:
                outcomes = f"outcomes:\n  patents: [{patent_of[pid]}]\n"
            eq = rng.choice(EQUIPMENT)
            put(f"projects/{year}/{pid}.md",
                f"---\nid: {pid}\ntitle: 解决{eq}{rng.choice(PROBLEMS)}问题的研究\nyear: {year}\nbase: {rng.choice(bases)}\n"
                f"studio: {rng.choice(studios)}\ncategory: 技术\narea: 安全生产\nstatus: {status}\n"
                f"keywords: [{eq}, {rng.choice(MEASURES)}]\nteam:\n"
                f"  - person: {team[0]}\n    role: 组长\n  - person: {team[1]}\n    role: 导师\n"
                f"  - person: {team[2]}\n    role: 徒弟\n"
                + "".join(f"  - person: {t}\n    role: 成员\n" for t in team[3:])
                + f"proposed: {approved - timedelta(days=9)}\napproved: {approved}\nstarted: {approved + timedelta(days=3)}\n"
                + (f"completed: {completed}\n" if done else "")
                + f"progress:\n{progress}{outcomes}benefit:\n  amount: {rng.randint(5, 80)}.5\n  basis: 年节约标煤折算\n---\n\n"
                f"## 背景\n\n{_para(rng, 3)}\n\n## 措施\n\n{_para(rng, 4)}\n\n## 成效\n\n{_para(rng, 3)}\n")
    for pid, lw in paper_of.items():
        year = int(pid[3:7])
        body = "\n\n".join(f"## {k} 节\n\n{_para(rng, 6)}" for k in range(1, 5))
        table = "\n\n| 项目 | 改进前 | 改进后 |\n| --- | --- | --- |\n| 缺陷次数 | 12 | 3 |\n| 能耗 | 3.2 | 2.9 |\n"
        put(f"papers/{year}/{lw}.md",
            f"---\nid: {lw}\ntitle: {rng.choice(EQUIPMENT)}{rng.choice(PROBLEMS)}分析与对策\nauthors: [{', '.join(rng.sample(people, 3))}]\n"
            f"base: {rng.choice(bases)}\nproject: {pid}\nyear: {year}\nabstract: {_para(rng, 2)}\n"
            f"keywords: [{rng.choice(EQUIPMENT)}, 节能, 可靠性]\ndiscipline: {rng.choice(DISCIPLINES)}\n"
            f"references:\n  - type: J\n    authors: [张伟, 李强]\n    title: 火电机组节能技术研究\n    container: 热力发电\n"
            f"    year: 2019\n    pages: 1-5\n---\n\n{body}{table}\n热耗率 $q = Q / P$。\n")
    for n, (pid, zl) in enumerate(patent_of.items()):
        year = int(pid[3:7])
        twelve = f"{year}2{n:07d}"
        put(f"patents/{zl}.yml",
            f"id: {zl}\ntitle: 一种{rng.choice(EQUIPMENT)}检修专用工具\ntype: 实用新型\n"
            f"application_no: {twelve}.{patent_check_digit(twelve)}\nfiled: {year}-11-02\nstatus: 受理\n"
            f"inventors: [{', '.join(rng.sample(people, 2))}]\napplicant: 秦皇岛发电有限责任公司\nproject: {pid}\n")
    for i in range(counts["software"]):
        year = years[i % len(years)]
        put(f"software/RZ-{year}-{i + 1:04d}.yml",
            f"id: RZ-{year}-{i + 1:04d}\ntitle: 设备管理软件 V{i + 1}.0\nregistration_no: {year}SR{i:07d}\n"
            f"registered: {year}-10-10\nowners: [秦皇岛发电有限责任公司]\nauthors: [{people[i]}]\n")
    all_projects = [p for ids in projects_by_year.values() for p in ids]
    for i in range(counts["award"]):
        year = years[i % len(years)]
        # the plant's own 三等奖 within its yearly quota (rules.yml selection), the rest from the city
        plant = i // len(years) < 10
        put(f"awards/JL-{year}-{i + 1:04d}.yml",
            f"id: JL-{year}-{i + 1:04d}\nname: {year}年度职工创新成果奖\nlevel: {'厂级' if plant else '市级'}\n"
            f"grade: 三等奖\ncategory: 创新项目\nyear: {year}\ngranted_by: {'厂工会' if plant else '市总工会'}\n"
            f"{'amount: 1500' if plant else 'amount: 1000'}\nrecipients: [{all_projects[i * 7 % len(all_projects)]}]\n")  # one award per project
    for i in range(counts["event"]):
        year = years[i % len(years)]
        put(f"events/{year}/HD-{year}-{i + 1:04d}.yml",
            f"id: HD-{year}-{i + 1:04d}\nyear: {year}\ndate: {_date(rng, year)}\nkind: 推进例会\ntitle: 创新工作推进例会\n"
            f"summary: {_para(rng, 1)}\nattendance: {rng.randint(20, 80)}\n")
    for i in range(counts["experience"]):
        year = years[i % len(years)]
        put(f"experience/JY-{year}-{i + 1:04d}.md",
            f"---\nid: JY-{year}-{i + 1:04d}\ntitle: 创新经验分享\nauthor: {rng.choice(people)}\ndate: {year}-06-01\n---\n\n{_para(rng, 5)}\n")
    for year in years:
        put(f"targets/{year}.yml", f'id: "{year}"\nyear: {year}\nitems:\n  - metric: 立项课题\n    total: {len(projects_by_year[year])}\n')
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args()
    counts = write_kb(args.out, args.entries)
    print(f"wrote {sum(counts.values())} entries to {args.out}: {counts}")


if __name__ == "__main__":
    main()
