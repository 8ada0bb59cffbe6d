"""Time the anthology PDF on a volume the size of the real one (~30 papers, ~230 pages).

    python bench/anthology_bench.py [--papers 30] [--repeat 3] [--keep DIR]

Synthesises a small valid knowledge base (bases, people, papers with tables, formulas, an SVG
figure and references, a 2021 selection in four sections) into a temporary folder, then runs
`qinchuang anthology 2021 --bleed 3 --crop-marks` in a fresh process per run. Prints pages, wall
time per run (median), whether the runs were byte-identical, and the typography of the built
book as bench/anthology_measure.py reads it from the PDF. Goal: ≤ 0.03 s a page.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from workdir import workdir  # noqa: E402  (bench/ is on the path: run as a script)

REPO = Path(__file__).resolve().parents[1]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
GIVEN = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信"
BASES = ["锅炉分场", "汽机分场", "电气分场", "热控分场", "化学分场", "燃料分场", "环保分场", "检修部"]
SECTIONS = ["锅炉与燃烧", "汽机与供热", "电气与热控", "化学、燃料与环保"]
EQUIPMENT = ["磨煤机", "给水泵", "凝汽器", "空气预热器", "脱硫吸收塔", "电除尘器", "高压加热器", "循环水泵", "引风机",
             "除氧器", "主变压器", "厂用电切换装置", "精处理混床", "热网加热器", "低温省煤器"]
SENTENCES = ["课题组结合现场运行数据和设备检修记录，对可能的原因逐一排查，并与厂家技术人员共同论证改进方案。",
             "改进后经过连续三个月的跟踪观察，各项参数均稳定在规定范围内，达到了预期目标。",
             "该问题在低负荷运行和频繁启停时尤为突出，给机组安全经济运行带来隐患。",
             "通过对历史曲线的对比分析，发现偏差主要集中在负荷变动阶段，与调节品质密切相关[1]。",
             "按照“一题三效”的要求，课题组同步开展了专利申请和论文撰写工作。",
             "实施过程中严格执行检修工艺标准，做到了安全、质量、进度三受控[2]。",
             "经测算，年节约标准煤约 1200 t，折合经济效益约 86 万元。"]
FORMULAS = [r"\eta = \frac{Q_1}{B \cdot Q_{net,ar}} \times 100\%",
            r"\Delta p = \lambda \frac{l}{d} \cdot \frac{\rho v^2}{2}",
            r"q = \alpha (t_w - t_f) + \varepsilon \sigma (T_w^4 - T_f^4)",
            r"P = \sqrt{3} U I \cos\varphi"]


def figure_svg(rng: random.Random) -> str:
    points = " ".join(f"{20 + 12 * i},{160 - rng.randint(20, 140)}" for i in range(40))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="520" height="180" viewBox="0 0 520 180">'
            f'<path d="M20 10 V160 H510" fill="none" stroke="black"/>'
            f'<polyline points="{points}" fill="none" stroke="black" stroke-width="1.5"/></svg>')


def paper_md(pid: str, year: int, authors: list[str], base: str, rng: random.Random) -> str:
    eq = rng.choice(EQUIPMENT)
    title = f"{eq}{rng.choice(['运行优化', '故障分析及处理', '节能改造', '可靠性提升'])}研究"
    para = lambda n: "".join(rng.choice(SENTENCES) for _ in range(n))  # noqa: E731
    body = [f"## 1 引言\n\n{para(6)}\n\n{para(5)}\n", "## 2 原因分析\n"]
    body += [f"{para(rng.randint(4, 7))}\n" for _ in range(rng.randint(7, 10))]
    body += [f"## 3 计算方法\n\n热量按 $Q = c m \\Delta t$ 计算，效率为：\n\n$$\n{rng.choice(FORMULAS)}\n$$\n",
             f"式中 $Q_1$ 为有效利用热量。{para(3)}\n\n$$\n{rng.choice(FORMULAS)}\n$$\n",
             "表1 改进前后主要参数对比\n\n| 参数 | 改进前 | 改进后 | 变化 |\n| --- | --: | --: | --: |\n"
             + "".join(f"| 参数{i} | {rng.uniform(10, 99):.1f} | {rng.uniform(10, 99):.1f} | "
                       f"{rng.uniform(-9, 9):.1f}% |\n" for i in range(1, 7)),
             f"## 4 改进措施\n\n{para(6)}\n", f"![图1 {eq}运行曲线]({pid}/curve.svg)\n"]
    body += [f"### 4.{i} 措施{i}\n\n{para(rng.randint(5, 8))}\n\n{para(4)}\n" for i in range(1, rng.randint(6, 10))]
    body += ["表2 经济效益测算\n\n| 项目 | 数量 | 单价/元 | 合计/万元 |\n| --- | --: | --: | --: |\n"
             + "".join(f"| 项目{i} | {rng.randint(1, 99)} | {rng.randint(100, 999)} | {rng.uniform(1, 50):.2f} |\n"
                       for i in range(1, 5)),
             f"## 5 结论\n\n{para(5)}\n"]
    refs = "".join(f"""  - type: J
    authors: [{", ".join(rng.sample(list(SURNAMES), rng.randint(1, 5)))}]
    title: {rng.choice(EQUIPMENT)}运行问题研究
    container: 热力发电
    year: {rng.randint(2010, 2020)}
    volume: "{rng.randint(30, 50)}"
    issue: "{rng.randint(1, 12)}"
    pages: {rng.randint(1, 50)}-{rng.randint(51, 99)}
""" for _ in range(rng.randint(4, 8)))
    return f"""---
id: {pid}
title: {title}
authors: [{", ".join(authors)}]
base: {base}
year: {year}
abstract: {para(4)}
keywords: [{eq}, 节能降耗, 可靠性]
discipline: 锅炉
references:
{refs}---

""" + "\n".join(body)


def synthesise(root: Path, papers: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    content = root / "content"
    for folder in ("bases", "people", "papers/2021", "anthology"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (root / "site_config").symlink_to(REPO / "site_config")
    for i, name in enumerate(BASES, start=1):
        (content / "bases" / f"FJD-{i:02d}.yml").write_text(
            f"id: FJD-{i:02d}\nname: {name}分基地\nunion: {name}分工会\nfeature: {name}的创新特色。\nfounded: 2021-01-08\n",
            encoding="utf-8")
    people = []
    for i in range(1, 121):
        pid = f"QD{10000 + i}"
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2)))
        base = f"FJD-{rng.randint(1, len(BASES)):02d}"
        (content / "people" / f"{pid}.yml").write_text(f"id: {pid}\nname: {name}\nbase: {base}\n", encoding="utf-8")
        people.append((pid, base))
    ids = []
    for n in range(1, papers + 1):
        pid = f"LW-2021-{n:03d}"
        team = rng.sample(people, rng.randint(1, 4))
        text = paper_md(pid, 2021, [p for p, _ in team], team[0][1], rng)
        (content / "papers" / "2021" / f"{pid}.md").write_text(text, encoding="utf-8")
        (content / "papers" / "2021" / pid).mkdir()
        (content / "papers" / "2021" / pid / "curve.svg").write_text(figure_svg(rng), encoding="utf-8")
        ids.append(pid)
    per = -(-len(ids) // len(SECTIONS))
    sections = "".join(f"  - title: {t}\n    papers: [{', '.join(ids[k * per:(k + 1) * per])}]\n"
                       for k, t in enumerate(SECTIONS) if ids[k * per:(k + 1) * per])
    (content / "anthology" / "2021.yml").write_text(
        f"""id: "2021"\nyear: 2021\ntitle: 秦电创新科技\nvolume: 2021年卷\nboard:\n  - role: 主任\n    people: [{people[0][0]}]
  - role: 委员\n    people: [{", ".join(p for p, _ in people[1:9])}]\npreface: |\n  {"".join(SENTENCES) * 3}\nsections:\n{sections}copies: 400\n""",
        encoding="utf-8")


def run(root: Path, out: Path) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "anthology", "2021",
                           "--bleed", "3", "--crop-marks", "--out", str(out)], cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"anthology failed ({proc.returncode}):\n{proc.stderr}")
    return wall, proc.stdout.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=30)  # a year's volume: ~230 pages
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", help="synthesise into this folder (must not exist) and keep it")
    args = ap.parse_args()
    with workdir("qc-anthology-bench-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp) / "kb"
        synthesise(root, args.papers)
        digests, walls = set(), []
        for i in range(args.repeat):
            out = Path(tmp) / f"run{i}.pdf"
            wall, line = run(root, out)
            walls.append(wall)
            digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
            print(f"run {i + 1}: {wall:.1f} s wall — {line}")
        from anthology_measure import measure, summary
        from pypdf import PdfReader

        pages = len(PdfReader(out).pages)
        median = statistics.median(walls)
        print(f"{args.papers} papers, {pages} pages, median {median:.1f} s ({median / pages:.3f} s/page, "
              f"goal 0.030); byte-identical across runs: {len(digests) == 1}")
        print(summary(out, measure(out)))


if __name__ == "__main__":
    main()
