"""Generate the bundled sample knowledge base (content/) of 秦电劳模和工匠人才创新工作基地.

    .venv/bin/python scripts/sample/make_sample.py [--out content]

Deterministic (fixed seed). It reproduces the union's own figures for 2021–2022: 129 projects
approved, 100 completed, 18 patents, 33 papers, 4 software copyrights, 13 sub-bases, 5 studios of
city level or above, 118,000 yuan of plant awards, more than 35 % of 1,180 staff in project groups.
The generated files are what is committed; rerun this script only to rebuild them from scratch.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

import benefits  # noqa: E402
import ledger  # noqa: E402
import names  # noqa: E402
import papers_long  # noqa: E402
import papers_short  # noqa: E402
import proposals  # noqa: E402
import texts  # noqa: E402
from notes import progress_notes, rng_for  # noqa: E402
from topics import BASES, EXTRA, TOPICS  # noqa: E402

from generator.validation.identifiers import patent_check_digit  # noqa: E402

SEED = 20221231
END = date(2022, 12, 31)
PLANT = "秦皇岛发电有限责任公司"
UNION = "秦皇岛发电有限责任公司工会"

rng = random.Random(SEED)


# --- writing -----------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the strict reader refuses anchors and aliases
        return True


def _str(dumper, value):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _date(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value.isoformat())


_Dumper.add_representer(str, _str)
_Dumper.add_representer(date, _date)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096,
                     default_flow_style=False)


def complete_references(refs: list, year: int) -> list:
    """GB/T 7714 needs 出版地 and 出版者 for a report and the 引用日期 of a web page."""
    done = []
    for r in refs:
        r = dict(r) if isinstance(r, dict) else r
        if isinstance(r, dict) and r["type"] == "R" and "place" not in r:
            r = {k: v for k, v in r.items() if k != "year"} | {"place": "秦皇岛", "publisher": "秦皇岛发电有限责任公司",
                                                                "year": r.get("year")}
        if isinstance(r, dict) and r["type"] == "EB/OL" and "accessed" not in r:
            r["accessed"] = date(year, 6, 15)
        done.append(r)
    return done


def cite_references(body: str, count: int) -> str:
    """The first paragraph of running text cites the paper's references (顺序编码制)."""
    if not count:
        return body
    mark = "[1]" if count == 1 else ("[1,2]" if count == 2 else f"[1-{count}]")
    paras = body.split("\n\n")
    for i, para in enumerate(paras):
        text = para.strip()
        if text and not text.startswith(("#", "|", "$", "!", "```", ">", "-", "*")) and text.endswith("。"):
            paras[i] = para.rstrip()[:-1] + mark + "。" + para[len(para.rstrip()):]
            break
    return "\n\n".join(paras)


def write(out: Path, rel: str, data: dict, body: str | None = None) -> None:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {k: v for k, v in data.items() if v is not None and v != [] and v != {}}
    if body is None:
        path.write_text(dump(data), encoding="utf-8")
    else:
        path.write_text("---\n" + dump(data) + "---\n\n" + body.strip() + "\n", encoding="utf-8")


def d(y, m, dd) -> date:
    return date(y, m, dd)


def rand_date(a: date, b: date) -> date:
    if b <= a:
        return a
    return a + timedelta(days=rng.randint(0, (b - a).days))


def workday(x: date) -> date:
    while x.weekday() >= 5:
        x += timedelta(days=1)
    return x


# --- people ------------------------------------------------------------------------------

POSITIONS = {
    "FJD-01": (["锅炉分场主任工程师", "锅炉专工", "锅炉本体班班长", "制粉班班长", "锅炉点检长"],
               ["锅炉点检员", "锅炉本体检修工", "制粉系统检修工", "锅炉辅机检修工", "锅炉防磨防爆专责"],
               ["锅炉检修工", "锅炉巡检员", "锅炉点检员"]),
    "FJD-02": (["汽机分场主任工程师", "汽机专工", "汽机本体班班长", "汽机辅机班班长"],
               ["汽机点检员", "汽机本体检修工", "汽机辅机检修工", "汽机调速检修工"],
               ["汽机检修工", "汽机巡检员", "汽机点检员"]),
    "FJD-03": (["电气分场主任工程师", "继电保护专工", "电气一次班班长", "继保班班长"],
               ["电气点检员", "继电保护工", "电气试验工", "电机检修工", "高压电气检修工"],
               ["继电保护工", "电气检修工", "电气试验工"]),
    "FJD-04": (["热控分场主任工程师", "热控专工", "DCS班班长", "热工仪表班班长"],
               ["热控点检员", "热工仪表检修工", "热工自动化工程师", "DCS维护工程师"],
               ["热控检修工", "热工仪表工", "热控技术员"]),
    "FJD-05": (["化学分场主任工程师", "化学专工", "化学运行班班长", "化验班班长"],
               ["化学运行值班员", "水质化验员", "燃料化验员", "化学点检员"],
               ["化学运行值班员", "化验员", "化学巡检员"]),
    "FJD-06": (["燃料分场主任工程师", "输煤专工", "输煤检修班班长", "斗轮机班班长"],
               ["输煤检修工", "输煤程控值班员", "斗轮机司机", "翻车机值班员", "输煤点检员"],
               ["输煤值班员", "输煤检修工", "斗轮机司机"]),
    "FJD-07": (["检修分场主任工程师", "检修专工", "焊接班班长", "机加工班班长", "起重班班长"],
               ["焊工", "车工", "钳工", "起重工", "金属监督专责"],
               ["焊工", "钳工", "检修工"]),
    "FJD-08": (["发电运行部主任工程师", "值长", "集控运行专工", "单元长"],
               ["集控主值班员", "集控副值班员", "电气主值班员", "集控巡检员"],
               ["集控巡检员", "集控副值班员", "运行值班员"]),
    "FJD-09": (["环保分场主任工程师", "脱硫专工", "脱硝专工", "环保运行班班长"],
               ["脱硫运行值班员", "脱硫检修工", "除尘检修工", "环保点检员"],
               ["脱硫值班员", "环保巡检员", "除尘检修工"]),
    "FJD-10": (["供热分场主任工程师", "热网专工", "首站班班长", "管网班班长"],
               ["热网值班员", "热网检修工", "管网巡线员", "供热调度员"],
               ["热网值班员", "管网巡线员", "供热客服专员"]),
    "FJD-11": (["安全监察部主任", "安全专工", "安全监督主管"],
               ["安全监督员", "消防专责", "职业健康专责", "外包安全监督员"],
               ["安全监督员", "安全管理员"]),
    "FJD-12": (["计划经营部主任", "电力营销主管", "燃料管理主管", "预算主管"],
               ["电力交易员", "燃料采购员", "合同管理员", "统计分析员", "成本核算员"],
               ["电力交易员", "统计员", "经营分析员"]),
    "FJD-13": (["综合管理部主任", "人力资源主管", "培训主管", "工会干事"],
               ["培训专责", "人事专责", "技能鉴定专责", "宣传专责", "工会干事"],
               ["培训专员", "人事专员", "宣传专员"]),
}
MGMT_BASES = {"FJD-11", "FJD-12", "FJD-13"}

HONOURS_SENIOR = [
    ("河北省劳动模范", "劳动模范", "省级"), ("河北省五一劳动奖章", "劳动奖章", "省级"), ("燕赵工匠", "工匠", "省级"),
    ("秦皇岛市劳动模范", "劳动模范", "市级"), ("秦皇岛工匠", "工匠", "市级"), ("秦皇岛市五一劳动奖章", "劳动奖章", "市级"),
    ("国家能源集团劳动模范", "劳动模范", "集团"), ("国家能源集团技术能手", "技术能手", "集团"),
    ("国家能源集团首席技师", "首席技师", "集团"), ("河北省技术能手", "技术能手", "省级"),
    ("秦电工匠", "工匠", "厂级"), ("公司劳动模范", "劳动模范", "厂级"), ("公司首席技师", "首席技师", "厂级"),
    ("公司技术能手", "技术能手", "厂级"),
]
HONOURS_YOUNG = [
    ("秦皇岛市青年岗位能手", "青年岗位能手", "市级"), ("国家能源集团青年岗位能手", "青年岗位能手", "集团"),
    ("公司青年岗位能手", "青年岗位能手", "厂级"), ("公司技术能手", "技术能手", "厂级"),
]


class People:
    def __init__(self):
        self.items: dict[str, dict] = {}
        self.by_base: dict[str, list[str]] = {b[0]: [] for b in BASES}
        self.used_names: set[str] = set()
        self.next = 10001

    def name(self, pool: list[str]) -> str:
        for _ in range(200):
            n = rng.choice(names.SURNAMES) + rng.choice(pool)
            if n not in self.used_names and n != "关健":
                self.used_names.add(n)
                return n
        raise RuntimeError("name pool exhausted")

    def add(self, base: str, tier: str, name: str | None = None, **extra) -> str:
        pid = f"QD{self.next}"
        self.next += 1
        lead_pos, mid_pos, young_pos = POSITIONS[base]
        mgmt = base in MGMT_BASES
        if tier == "senior":
            joined = rng.randint(1991, 2004)
            skill = rng.choice(["高级工程师", "高级经济师"] if mgmt else ["高级技师", "高级技师", "技师", "高级工程师"])
            position = rng.choice(lead_pos + mid_pos[:2])
            pool = names.SENIOR_GIVEN
        elif tier == "middle":
            joined = rng.randint(2005, 2014)
            skill = rng.choice(["工程师", "经济师", "会计师"] if mgmt else ["技师", "高级工", "工程师", "技师"])
            position = rng.choice(mid_pos)
            pool = names.MIDDLE_GIVEN
        else:
            joined = rng.randint(2015, 2022)
            skill = rng.choice(["助理工程师", "经济师"] if mgmt else ["中级工", "初级工", "高级工", "助理工程师"])
            if joined >= 2021:
                skill = "助理工程师" if mgmt else "初级工"
            position = rng.choice(young_pos)
            pool = names.YOUNG_GIVEN
        if name is None:
            name = self.name(pool)
        else:
            self.used_names.add(name)
        titles = []
        if tier == "senior" and rng.random() < 0.45:
            for h in rng.sample(HONOURS_SENIOR, rng.choice([1, 1, 2])):
                titles.append({"title": h[0], "kind": h[1], "level": h[2], "year": rng.randint(max(joined + 8, 2008), 2022)})
        elif tier == "young" and joined <= 2019 and rng.random() < 0.12:
            h = rng.choice(HONOURS_YOUNG)
            titles.append({"title": h[0], "kind": h[1], "level": h[2], "year": rng.randint(joined + 2, 2022)})
        person = {"id": pid, "name": name, "base": base, "position": position, "skill": skill,
                  "titles": sorted(titles, key=lambda t: t["year"]), "joined": joined, "tier": tier}
        person.update(extra)
        self.items[pid] = person
        self.by_base[base].append(pid)
        return pid


# --- the plan: topics → projects ---------------------------------------------------------

def parse_topics():
    out = []
    for source in (TOPICS, EXTRA):
        for base, block in source.items():
            for line in block.strip().splitlines():
                f = [x.strip() for x in line.split("|")]
                out.append({
                    "title": f[0], "category": f[1], "area": f[2], "qc_type": f[3],
                    "keywords": f[4].split(","), "indicator": f[5], "before": f[6], "after": f[7],
                    "unit": f[8], "causes": f[9].split("；"), "measures": f[10].split("；"),
                    "benefit": f[11], "base": base,
                })
    return out



# --- curated lists -----------------------------------------------------------------------

# (project topic, patent title, type); the first eight are filed in 2021, the rest in 2022
PATENTS = [
    ("锅炉水冷壁防磨防爆检查专用爬壁检测小车研制", "一种用于锅炉水冷壁检测的磁吸式爬壁小车", "实用新型"),
    ("降低#1炉低温再热器管壁超温次数", "一种锅炉再热器烟温偏差调节装置", "实用新型"),
    ("发电机碳刷温度在线监测装置研制", "一种发电机碳刷温度在线监测装置", "实用新型"),
    ("输煤皮带跑偏自动纠偏装置研制", "一种带式输送机液压自动纠偏托辊组", "实用新型"),
    ("汽机辅机振动在线巡检装置研制", "一种辅机振动温度一体化无线监测装置", "实用新型"),
    ("直流系统接地故障快速查找装置研制", "一种直流系统接地故障查找装置及查找方法", "发明"),
    ("汽轮机高压调门阀杆卡涩处理专用工具研制", "一种汽轮机调节阀阀杆液压拆卸工具", "实用新型"),
    ("磨煤机磨辊堆焊工艺优化", "一种磨煤机磨辊堆焊用旋转工装", "实用新型"),
    ("汽轮机润滑油系统滤网在线切换装置研制", "一种汽轮机润滑油滤网在线切换装置", "实用新型"),
    ("380V配电室智能温湿度及防误报警系统", "一种配电室环境监测与开关柜防误报警装置", "实用新型"),
    ("DCS系统历史数据智能分析软件开发", "一种基于历史数据的火电机组异常工况识别方法", "发明"),
    ("输煤皮带撕裂检测装置研制", "一种输送带纵向撕裂漏料检测装置", "实用新型"),
    ("阀门研磨专用工装研制", "一种便携式阀门密封面研磨装置", "实用新型"),
    ("高处作业防坠落装置研制", "一种可移动式水平生命线装置", "实用新型"),
    ("脱硫废水旋转雾化蒸发处理研究", "一种脱硫废水旁路烟道旋转雾化蒸发处理方法", "发明"),
    ("热网加热器泄漏在线监测", "一种热网加热器管束泄漏在线监测装置", "实用新型"),
    ("供热管网泄漏快速定位方法研究", "一种基于补水量与分段压降的供热管网泄漏定位方法", "发明"),
    ("SCR脱硝喷氨优化降低氨逃逸", "一种SCR脱硝喷氨格栅分区流量调节装置", "实用新型"),
]
SOFTWARE = [
    ("运行操作票智能生成系统开发", "火电机组运行操作票智能生成系统 V1.0", 2021),
    ("电气倒闸操作防误模拟培训平台开发", "厂用电系统倒闸操作仿真培训平台 V1.0", 2021),
    ("DCS系统历史数据智能分析软件开发", "DCS历史数据异常工况分析软件 V1.0", 2022),
    ("创新课题全过程管理信息化", "创新课题全过程管理信息平台 V1.0", 2022),
]
FORCE_2021 = {t for t, _, _ in PATENTS[:8]} | {t for t, _, y in SOFTWARE if y == 2021} | {
    p["topic"] for p in papers_long.PAPERS if p["year"] == 2021}
FORCE_2022 = {t for t, _, _ in PATENTS[8:]} | {t for t, _, y in SOFTWARE if y == 2022} | {
    p["topic"] for p in papers_long.PAPERS if p["year"] == 2022}

# studios: id, base, name (None = "<leader>创新工作室"), founded, direction, levels [(level, date, by, doc)]
F = ("秦皇岛发电有限责任公司工会", "秦电工")
CITY = ("秦皇岛市总工会", "秦工字〔2021〕21号")
STUDIOS = [
    ("GZS-01", "FJD-01", None, d(2019, 5, 10), "锅炉燃烧优化、受热面防磨防爆与节能降耗",
     [("厂级", d(2019, 5, 10), F[0], "秦电工〔2019〕8号"), ("市级", d(2021, 6, 18), *CITY)]),
    ("GZS-02", "FJD-02", "劳模创新工作室", d(2017, 3, 20), "汽轮机冷端优化、辅机可靠性提升与检修工艺创新",
     [("厂级", d(2017, 3, 20), F[0], "秦电工〔2017〕5号"), ("市级", d(2019, 4, 26), "秦皇岛市总工会", "秦工字〔2019〕15号"),
      ("集团公司级", d(2022, 9, 16), "国家能源投资集团有限责任公司工会", "国家能源工〔2022〕37号")]),
    ("GZS-03", "FJD-03", "技能大师创新工作室", d(2018, 4, 12), "继电保护可靠性、发电机与厂用电设备状态监测",
     [("厂级", d(2018, 4, 12), F[0], "秦电工〔2018〕6号"), ("市级", d(2020, 4, 28), "秦皇岛市总工会", "秦工字〔2020〕11号"),
      ("省级", d(2022, 4, 27), "河北省总工会", "冀工〔2022〕19号")]),
    ("GZS-04", "FJD-04", None, d(2019, 9, 6), "DCS控制逻辑优化、智能测控与数据分析软件开发",
     [("厂级", d(2019, 9, 6), F[0], "秦电工〔2019〕15号"), ("市级", d(2021, 6, 18), *CITY)]),
    ("GZS-05", "FJD-07", "工匠创新工作室", d(2020, 3, 18), "焊接与机加工工艺、检修专用工器具研制",
     [("厂级", d(2020, 3, 18), F[0], "秦电工〔2020〕4号"), ("市级", d(2021, 6, 18), *CITY)]),
    ("GZS-06", "FJD-05", None, d(2021, 3, 12), "水汽品质控制、循环水节水与废水回用", [("厂级", d(2021, 3, 12), F[0], "秦电工〔2021〕9号")]),
    ("GZS-07", "FJD-06", None, d(2021, 3, 12), "输煤设备小改小革与配煤掺烧", [("厂级", d(2021, 3, 12), F[0], "秦电工〔2021〕9号")]),
    ("GZS-08", "FJD-08", "值长创新工作室", d(2021, 4, 20), "机组经济运行、深度调峰与运行操作标准化", [("厂级", d(2021, 4, 20), F[0], "秦电工〔2021〕13号")]),
    ("GZS-09", "FJD-09", None, d(2021, 5, 25), "脱硫脱硝除尘系统稳定达标与降本", [("厂级", d(2021, 5, 25), F[0], "秦电工〔2021〕16号")]),
    ("GZS-10", "FJD-10", None, d(2021, 9, 8), "热网经济调度、管网防漏与首站节能", [("厂级", d(2021, 9, 8), F[0], "秦电工〔2021〕27号")]),
    ("GZS-11", "FJD-01", "青年创新工作室", d(2020, 10, 16), "制粉系统与锅炉辅机的青年攻关", [("厂级", d(2020, 10, 16), F[0], "秦电工〔2020〕21号")]),
    ("GZS-12", "FJD-11", None, d(2021, 11, 3), "安全管理方法创新与作业防护器具研制", [("厂级", d(2021, 11, 3), F[0], "秦电工〔2021〕33号")]),
    ("GZS-13", "FJD-12", None, d(2022, 3, 15), "电力市场交易、燃料成本与经营分析", [("厂级", d(2022, 3, 15), F[0], "秦电工〔2022〕7号")]),
    ("GZS-14", "FJD-13", None, d(2022, 5, 10), "职工培训、师带徒与创新管理", [("厂级", d(2022, 5, 10), F[0], "秦电工〔2022〕12号")]),
    ("GZS-15", "FJD-03", "青工电气创新工作室", d(2022, 7, 6), "青年员工电气二次回路与智能巡检攻关", [("厂级", d(2022, 7, 6), F[0], "秦电工〔2022〕18号")]),
]

# The plant's own awards of 2021 and 2022 as the union's ledger records them (the sample's history:
# later rewrites of texts and figures must not move an award to another entry).
PLANT_AWARDS = {
    2021: {"创新项目": {"一等奖": ["KT-2021-008", "KT-2021-014", "KT-2021-037"],
                        "二等奖": ["KT-2021-003", "KT-2021-009", "KT-2021-035", "KT-2021-022", "KT-2021-024", "KT-2021-033"],
                        "三等奖": ["KT-2021-015", "KT-2021-028", "KT-2021-011", "KT-2021-039", "KT-2021-001", "KT-2021-027",
                                  "KT-2021-016", "KT-2021-010", "KT-2021-005", "KT-2021-023"]},
           "科技论文": {"一等奖": ["LW-2021-011", "LW-2021-001"], "二等奖": ["LW-2021-004", "LW-2021-010", "LW-2021-012"],
                        "三等奖": ["LW-2021-008", "LW-2021-009", "LW-2021-016", "LW-2021-017", "LW-2021-003"]}},
    2022: {"创新项目": {"一等奖": ["KT-2022-013", "KT-2021-063", "KT-2022-023"],
                        "二等奖": ["KT-2021-050", "KT-2021-070", "KT-2022-030", "KT-2021-048", "KT-2021-044", "KT-2021-056",
                                  "KT-2022-019"],
                        "三等奖": ["KT-2021-059", "KT-2021-041", "KT-2021-068", "KT-2021-066", "KT-2021-045", "KT-2022-026",
                                  "KT-2022-006", "KT-2022-028", "KT-2022-008", "KT-2022-029"]},
           "科技论文": {"一等奖": ["LW-2022-012", "LW-2022-016"], "二等奖": ["LW-2022-010", "LW-2022-004", "LW-2022-003"],
                        "三等奖": ["LW-2022-007", "LW-2022-006", "LW-2022-014", "LW-2022-015", "LW-2022-002"]}},
}

# The titles the shorter papers were given (kept as written: other records cite them).
SHORT_TITLES = {
    "LW-2021-002": "锅炉吹灰器故障率降低的探索与应用", "LW-2021-003": "浅析#1机组低负荷深度调峰运行优化",
    "LW-2021-005": "浅析机组启停过程节油节电优化", "LW-2021-006": "浅析循环水泵高低速切换运行方式优化",
    "LW-2021-007": "基于QC方法的高压管道焊口一次合格率提升", "LW-2021-013": "热网循环泵单耗偏高原因分析及对策",
    "LW-2021-014": "热网一级管网水力平衡调节的实践", "LW-2021-015": "热控保护误动风险排查与逻辑完善的实践",
    "LW-2021-016": "热电联产成本分摊与热价测算的探索与应用", "LW-2021-017": "降低厂用电率的探索与应用",
    "LW-2022-001": "#4炉制粉系统磨煤机出口温度优化的实践", "LW-2022-002": "基于QC方法的汽轮机轴封系统漏汽治理",
    "LW-2022-003": "#4机真空严密性提升的探索与应用", "LW-2022-004": "三路水位偏差偏高原因分析及对策",
    "LW-2022-005": "基于QC方法的锅炉给水加氧处理应用研究", "LW-2022-006": "浅析凝结水精处理混床周期制水量提升",
    "LW-2022-007": "输煤系统粉尘治理的探索与应用", "LW-2022-008": "煤场自燃点次数偏高原因分析及对策",
    "LW-2022-009": "浅析脱硫浆液循环泵叶轮磨损治理", "LW-2022-011": "浅析供热期热网补水处理优化",
    "LW-2022-013": "非计划停运次数偏高原因分析及对策", "LW-2022-014": "入厂与入炉热值差偏高原因分析及对策",
    "LW-2022-015": "配煤掺烧经济性优化的探索与应用",
}

# Papers that a journal printed (8 of 33: the long ones mostly; most plant papers stay in the anthology).
PUBLISHED = {pid: {"journal": j, "year": dt.year, "issue": issue, "pages": pages, "date": dt} for pid, j, issue, pages, dt in [
    ("LW-2021-001", "电站系统工程", "2", "45-47", d(2022, 3, 15)),
    ("LW-2021-004", "河北电力技术", "1", "38-41", d(2022, 2, 25)),
    ("LW-2021-006", "电力设备管理", "8", "149-151", d(2022, 4, 30)),
    ("LW-2021-011", "设备管理与维修", "6", "102-104", d(2022, 3, 25)),
    ("LW-2021-012", "电力科技与环保", "3", "231-235", d(2022, 6, 15)),
    ("LW-2021-014", "区域供热", "4", "88-92", d(2022, 8, 15)),
    ("LW-2022-010", "节能与环保", "10", "58-60", d(2022, 10, 20)),
    ("LW-2022-016", "中国电力企业管理", "11", "62-65", d(2022, 11, 20)),
]}

# The serial numbers the patent office and the copyright centre gave (kept as registered).
PATENT_SERIALS = {"ZL-2021-001": 2586704, "ZL-2021-002": 3520459, "ZL-2021-003": 3464699, "ZL-2021-004": 1725628, "ZL-2021-005": 1740219, "ZL-2021-006": 1976286, "ZL-2021-007": 1005468, "ZL-2021-008": 1124420, "ZL-2022-001": 2893254, "ZL-2022-002": 1024213, "ZL-2022-003": 1950815, "ZL-2022-004": 2277213, "ZL-2022-005": 3494851, "ZL-2022-006": 3956573, "ZL-2022-007": 2629995, "ZL-2022-008": 2034740, "ZL-2022-009": 1665611, "ZL-2022-010": 2382050}
SOFTWARE_SERIALS = {"RZ-2021-001": 962096, "RZ-2021-002": 1284846, "RZ-2022-001": 1045640, "RZ-2022-002": 635569}

# Results taken up outside the project: one licence, uses in the group's sister plants.
PATENT_USES = {
    "一种带式输送机液压自动纠偏托辊组": [
        {"kind": "推广应用", "where": ["燃料分场#3、#4皮带"], "since": d(2022, 4, 12), "confirmed_by": "生产技术部"},
        {"kind": "许可", "where": ["冀东港口机械有限公司"], "since": d(2022, 9, 1), "party": "冀东港口机械有限公司",
         "contract": "QDFD-JS-2022-017", "note": "普通许可，许可费按装置台数计。"}],
    "一种用于锅炉水冷壁检测的磁吸式爬壁小车": [
        {"kind": "推广应用", "where": ["#1—#4炉防磨防爆检查"], "since": d(2022, 3, 20), "confirmed_by": "生产技术部"}],
}
SOFTWARE_USES = {
    "火电机组运行操作票智能生成系统 V1.0": [
        {"kind": "推广应用", "where": ["发电运行部各值"], "since": d(2022, 1, 4), "confirmed_by": "发电运行部"},
        {"kind": "推广应用", "where": ["集团公司所属兄弟电厂 2 家"], "since": d(2022, 8, 15), "confirmed_by": "国家能源集团河北公司生产技术部",
         "note": "对方按本厂典型票库改编后使用。"}],
}

# Applications to the city union that are not (yet) namings: one waiting, one turned down.
STUDIO_APPLICATIONS = {
    "GZS-06": [{"level": "市级", "date": d(2022, 10, 18), "to": "秦皇岛市总工会", "status": "申报中",
                "note": "按“成熟一个、推送一个”，以循环水节水和废水回用成果申报。"}],
    "GZS-08": [{"level": "市级", "date": d(2022, 3, 22), "to": "秦皇岛市总工会", "status": "未通过", "decided": d(2022, 6, 17),
                "note": "评审意见：成立不满两年，已完成课题和专利偏少，建议积累成果后再申报。"}],
}

EXTERNAL_ORGS = ["燕山大学", "华北电力大学", "河北科技师范学院", "国能河北电力技术研究院"]


# --- SVG figures -------------------------------------------------------------------------

def svg_chart(fig: dict) -> str:
    w, h, left, right, top, bottom = 560, 340, 64, 20, 40, 56
    pw, ph = w - left - right, h - top - bottom
    values = [v for _, s in fig["series"] for v in s]
    lo = min(0, min(values))
    if min(values) > 0 and fig["kind"] == "line" and min(values) > 0.5 * max(values):
        lo = min(values) * 0.95
    raw = (max(values) * 1.05 - lo) / 5
    mag = 10 ** math.floor(math.log10(raw))
    tick = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    lo = math.floor(lo / tick) * tick
    hi = lo + 5 * tick
    while hi < max(values):
        hi += tick
    n = len(fig["x"])
    colors = ["#1f5fa8", "#d0661c", "#3a8a3a"]

    def y(v):
        return top + ph - (v - lo) / (hi - lo) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
           f'font-family="Noto Sans CJK SC, sans-serif" font-size="12">',
           f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
           f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#333"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#333"/>']
    for i in range(round((hi - lo) / tick) + 1):
        v = lo + tick * i
        yy = y(v)
        out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + pw}" y2="{yy:.1f}" stroke="#ddd"/>')
        label = f"{v:.2f}" if tick < 0.1 else f"{v:.1f}" if tick != int(tick) else f"{v:.0f}"
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end">{label}</text>')
    step = pw / n
    for i, lab in enumerate(fig["x"]):
        out.append(f'<text x="{left + step * (i + 0.5):.1f}" y="{top + ph + 18}" text-anchor="middle">{lab}</text>')
    k = len(fig["series"])
    for si, (name, data) in enumerate(fig["series"]):
        c = colors[si % 3]
        if fig["kind"] == "bar":
            bw = step * 0.7 / k
            for i, v in enumerate(data):
                x0 = left + step * i + step * 0.15 + bw * si
                out.append(f'<rect x="{x0:.1f}" y="{y(v):.1f}" width="{bw:.1f}" height="{y(lo) - y(v):.1f}" fill="{c}"/>')
        else:
            pts = " ".join(f"{left + step * (i + 0.5):.1f},{y(v):.1f}" for i, v in enumerate(data))
            out.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2"/>')
            for i, v in enumerate(data):
                out.append(f'<circle cx="{left + step * (i + 0.5):.1f}" cy="{y(v):.1f}" r="3" fill="{c}"/>')
        lx = left + 10 + si * 130
        out.append(f'<rect x="{lx}" y="12" width="14" height="10" fill="{c}"/>')
        out.append(f'<text x="{lx + 20}" y="21">{name}</text>')
    if fig.get("ylabel"):
        out.append(f'<text x="14" y="{top + ph / 2:.0f}" transform="rotate(-90 14 {top + ph / 2:.0f})" '
                   f'text-anchor="middle">{fig["ylabel"]}</text>')
    if fig.get("xlabel"):
        out.append(f'<text x="{left + pw / 2:.0f}" y="{h - 10}" text-anchor="middle">{fig["xlabel"]}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- build -------------------------------------------------------------------------------

def other_unit(u: str) -> str:
    return {"1": "2", "2": "1", "3": "4", "4": "3"}[u]


def assign_years(topics: list[dict]) -> None:
    by_base: dict[str, list[dict]] = {}
    for t in topics:
        by_base.setdefault(t["base"], []).append(t)
    total = len(topics)
    quota = {b: len(v) * 72 / total for b, v in by_base.items()}
    q = {b: int(x) for b, x in quota.items()}
    for b in sorted(quota, key=lambda b: quota[b] - q[b], reverse=True)[:72 - sum(q.values())]:
        q[b] += 1
    for b, items in by_base.items():
        forced21 = [t for t in items if t["title"] in FORCE_2021]
        forced22 = [t for t in items if t["title"] in FORCE_2022]
        free = [t for t in items if t not in forced21 and t not in forced22]
        need = q[b] - len(forced21)
        assert 0 <= need <= len(free), (b, q[b], len(forced21), len(free))
        for t in forced21 + free[:need]:
            t["year"] = 2021
        for t in forced22 + free[need:]:
            t["year"] = 2022


def make_variants(topics: list[dict], count: int) -> list[dict]:
    pool = [t for t in topics if t["year"] == 2021 and re.search(r"#\d", t["title"])
            and t["title"] not in FORCE_2021 | FORCE_2022]
    rng.shuffle(pool)
    titles = {t["title"] for t in topics}
    out = []
    for t in pool:
        u = texts.unit_of(t["title"])
        title = t["title"].replace(f"#{u}", f"#{other_unit(u)}", 1)
        if title in titles:
            continue
        swap = lambda x, u=u: x.replace(f"#{u}", f"#{other_unit(u)}")  # noqa: E731
        v = dict(t, title=title, year=2022, variant_of=t["title"], indicator=swap(t["indicator"]),
                 causes=[swap(c) for c in t["causes"]], measures=[swap(m) for m in t["measures"]])
        b, a = texts.num(t["before"]), texts.num(t["after"])
        if b is not None and a is not None and a != 0:
            v["before"] = texts.fmt(b * rng.uniform(0.93, 1.08), t["before"])
            v["after"] = texts.fmt(a * rng.uniform(0.97, 1.03), t["after"])
            if v["before"] == v["after"]:
                v["before"] = t["before"]
        v["measures"] = t["measures"] + [f"借鉴#{u}机组同类课题经验，结合#{other_unit(u)}机组设备差异调整实施方案"]
        titles.add(title)
        out.append(v)
        if len(out) == count:
            break
    assert len(out) == count, f"only {len(out)} variants available"
    return out


# Who appraises: mostly bodies outside the plant; the base's own committee only now and then, and
# 省内领先 is a rare conclusion (a plant's QC results are mostly 市内领先 or 国内先进 in a narrow field).
# A body rates against its own remit: a city's association 市内领先, a province's 省内领先 or 国内先进
# (never 市内), the group's department against the country; 市内领先 results go to the city's bodies.
APPRAISERS = {
    "技术": [("国家能源投资集团有限责任公司科技部", ["国内先进"], 3),
             ("河北省电力行业协会", ["国内先进", "国内先进", "国内先进", "省内领先"], 2),
             ("河北省电机工程学会", ["国内先进", "国内先进", "省内领先"], 1),
             ("河北省科技成果评价服务中心", ["国内先进", "国内领先"], 1),
             ("秦皇岛市质量协会", ["市内领先"], 4),
             ("秦电劳模和工匠人才创新工作基地成果评审委员会", ["市内领先"], 2)],
    "管理": [("河北省电力行业协会", ["国内先进", "国内先进", "省内领先"], 2),
             ("秦皇岛市企业管理协会", ["市内领先"], 3),
             ("秦皇岛市质量协会", ["市内领先"], 2),
             ("秦电劳模和工匠人才创新工作基地成果评审委员会", ["市内领先"], 2)],
}
APPRAISERS["经营"] = APPRAISERS["管理"]


def appraiser(t, r) -> tuple[str, str]:
    bodies = APPRAISERS[t["category"]]
    body, levels, _ = r.choices(bodies, weights=[w for _, _, w in bodies])[0]
    return body, r.choice(levels)


def approval_note(t, r) -> str:
    """The office's record of the approval, with what the reviewers asked of this project."""
    head = r.choice([f"基地立项评审通过，课题编号 {t['id']}，开始立项公示。", f"立项评审会通过，编号 {t['id']}，公示五个工作日。",
                     f"课题获准立项（{t['id']}），列入{t['year']}年基地课题计划。", f"{t['id']}号课题立项，评审得分{r.randint(78, 93)}分。"])
    ask = r.choice(["", "", f"评委要求{t['indicator']}按月统计。", f"评委建议先做“{t['measures'][0]}”。",
                    "评委提醒注意现场作业安全。" if t["category"] == "技术" else "评委要求明确试点范围。",
                    f"评委要求说明目标值{texts.value_text(t, 'after')}的依据。"])
    return head + ask


def sorted_dates(n: int, a: date, b: date) -> list[date]:
    return sorted(workday(rand_date(a, b)) for _ in range(n))


def build(out: Path, topics: list[dict], people: People) -> dict:
    assign_years(topics)
    topics += make_variants(topics, 10)
    by_title = {t["title"]: t for t in topics}
    base_ids = [b[0] for b in BASES]
    n_by_base = {b: sum(1 for t in topics if t["base"] == b) for b in base_ids}

    # -- people ---------------------------------------------------------------------------
    guan = people.add("FJD-01", "senior", name="关健")
    people.items[guan].update(position="锅炉分场主任工程师", skill="高级工程师", joined=1993, titles=[
        {"title": "河北省劳动模范", "kind": "劳动模范", "level": "省级", "year": 2019},
        {"title": "燕赵工匠", "kind": "工匠", "level": "省级", "year": 2020}])
    studio_leaders = {"GZS-01": guan}
    lead_titles = [
        [("秦皇岛市劳动模范", "劳动模范", "市级", 2016), ("国家能源集团劳动模范", "劳动模范", "集团", 2020)],
        [("河北省技术能手", "技术能手", "省级", 2015), ("燕赵工匠", "工匠", "省级", 2021)],
        [("秦皇岛工匠", "工匠", "市级", 2019)],
        [("国家能源集团首席技师", "首席技师", "集团", 2018), ("秦皇岛市五一劳动奖章", "劳动奖章", "市级", 2020)],
    ]
    for i, s in enumerate(STUDIOS[1:]):
        pid = people.add(s[1], "senior")
        p = people.items[pid]
        if i < 4:
            p["titles"] = [{"title": a, "kind": b, "level": c, "year": y} for a, b, c, y in lead_titles[i]]
        elif not p["titles"]:
            h = rng.choice([("秦电工匠", "工匠", "厂级"), ("公司劳动模范", "劳动模范", "厂级"), ("公司首席技师", "首席技师", "厂级")])
            p["titles"] = [{"title": h[0], "kind": h[1], "level": h[2], "year": rng.randint(2016, 2021)}]
        studio_leaders[s[0]] = pid
    chair = people.add("FJD-13", "senior")
    people.items[chair].update(position="公司工会主席", skill="高级经济师")
    chief = people.add("FJD-13", "senior")
    people.items[chief].update(position="公司总工程师", skill="正高级工程师")
    editor = people.add("FJD-13", "middle")
    people.items[editor].update(position="工会宣传干事")
    total_people = 440
    for b in base_ids:
        want = round(n_by_base[b] * total_people / len(topics))
        have = len(people.by_base[b])
        for k in range(max(want - have, 12)):
            r = k / max(want - have, 1)
            people.add(b, "senior" if r < 0.28 else "middle" if r < 0.58 else "young")

    # -- projects: dates and statuses -----------------------------------------------------
    projects: list[dict] = []
    for year in (2021, 2022):
        ts = [t for t in topics if t["year"] == year]
        forced = [t for t in ts if t["title"] in FORCE_2021 | FORCE_2022]
        rest = [t for t in ts if t not in forced]
        rng.shuffle(rest)
        if year == 2021:
            order = forced + rest
            props = sorted_dates(len(order), d(2021, 1, 18), d(2021, 8, 31))
            # forced topics get the earliest proposals
            for i, t in enumerate(order):
                t["proposed"] = props[i]
        else:
            applied = rest[-5:]
            order = forced + rest[:-5]
            props = sorted_dates(len(order), d(2022, 1, 10), d(2022, 9, 20))
            for i, t in enumerate(order):
                t["proposed"] = props[i]
            for t in applied:
                t["proposed"] = workday(rand_date(d(2022, 12, 1), d(2022, 12, 16)))
                t["status"] = "申报"
        for t in ts:
            projects.append(t)
    # ids and dates
    for year in (2021, 2022):
        ts = sorted((t for t in projects if t["year"] == year), key=lambda t: (t.get("status") == "申报", t["proposed"], t["title"]))
        for n, t in enumerate(ts, 1):
            t["id"] = f"KT-{year}-{n:03d}"
        approved = [t for t in ts if t.get("status") != "申报"]
        for rank, t in enumerate(approved):
            t["approved"] = workday(t["proposed"] + timedelta(days=rng.randint(8, 20)))
            if year == 2021:
                t["started"] = workday(t["approved"] + timedelta(days=rng.randint(3, 14)))
                if rank < 40:
                    t["completed"] = min(workday(t["started"] + timedelta(days=rng.randint(120, 250))), d(2021, 12, 17))
                    if t["completed"] < t["started"] + timedelta(days=60):
                        t["completed"] = t["started"] + timedelta(days=90)
                    assert t["completed"].year == 2021, t
                elif rank < 70:
                    t["completed"] = workday(rand_date(max(d(2022, 1, 10), t["started"] + timedelta(days=200)), d(2022, 11, 30)))
                else:
                    t["status"] = "实施"
            else:
                if rank < 50:
                    t["started"] = workday(t["approved"] + timedelta(days=rng.randint(3, 14)))
                if rank < 30:
                    t["completed"] = min(workday(t["started"] + timedelta(days=rng.randint(110, 200))), d(2022, 12, 9))
                elif rank < 50:
                    t["status"] = "实施"
                else:
                    t["status"] = "立项"
    projects.sort(key=lambda t: t["id"])
    pid_of = {t["title"]: t["id"] for t in projects}
    for t in projects:
        if t.get("variant_of"):
            t["variant_source"] = f"{pid_of[t['variant_of']]}《{t['variant_of']}》"
    P = {t["id"]: t for t in projects}

    # -- studios --------------------------------------------------------------------------
    studio_of_base: dict[str, list[tuple]] = {}
    for s in STUDIOS:
        studio_of_base.setdefault(s[1], []).append(s)
    for t in projects:
        cands = [s for s in studio_of_base.get(t["base"], []) if s[3] <= t["proposed"]]
        t["studio"] = None
        if cands and rng.random() < 0.72:
            t["studio"] = rng.choice(cands)[0]
    for title in ("降低#1炉低温再热器管壁超温次数",):
        by_title[title]["studio"] = "GZS-01"

    # -- teams ----------------------------------------------------------------------------
    usage: dict[str, int] = {pid: 0 for pid in people.items}
    led: dict[str, int] = {pid: 0 for pid in people.items}
    related = {"FJD-01": ["FJD-04", "FJD-08"], "FJD-02": ["FJD-07", "FJD-04"], "FJD-03": ["FJD-04"],
               "FJD-04": ["FJD-08"], "FJD-05": ["FJD-09"], "FJD-06": ["FJD-07"], "FJD-07": ["FJD-02", "FJD-01"],
               "FJD-08": ["FJD-04", "FJD-02"], "FJD-09": ["FJD-05"], "FJD-10": ["FJD-02"], "FJD-11": ["FJD-07"],
               "FJD-12": ["FJD-06"], "FJD-13": ["FJD-11"]}
    special = {chair, chief, editor}
    persons = people.items

    def pick(cands, k, exclude, year):
        cands = [c for c in cands if c not in exclude and c not in special and persons[c]["joined"] <= year]
        rng.shuffle(cands)
        cands.sort(key=lambda c: usage[c])
        return cands[:k]

    for t in projects:
        b = t["base"]
        pool = people.by_base[b]
        tier = lambda x: people.items[x]["tier"]  # noqa: E731
        seniors = [x for x in pool if tier(x) == "senior"]
        middles = [x for x in pool if tier(x) == "middle"]
        youngs = [x for x in pool if tier(x) == "young"]
        team = []
        chosen: set[str] = set()
        leader = None
        if t["studio"] and rng.random() < 0.55 and led[studio_leaders[t["studio"]]] < 5:
            leader = studio_leaders[t["studio"]]
        if leader is None:
            opts = [x for x in seniors + middles if x not in special and x not in studio_leaders.values()
                    and persons[x]["joined"] <= t["year"]]
            rng.shuffle(opts)
            opts.sort(key=lambda x: (led[x], usage[x]))
            leader = opts[0]
        led[leader] += 1
        team.append({"person": leader, "role": "组长"})
        chosen.add(leader)
        for m in pick(seniors, 2 if rng.random() < 0.3 else 1, chosen, t["year"]):
            team.append({"person": m, "role": "导师"})
            chosen.add(m)
        for a in pick(youngs, 2 if rng.random() < 0.45 else 1, chosen, t["year"]):
            team.append({"person": a, "role": "徒弟"})
            chosen.add(a)
        for m in pick(middles + youngs, rng.randint(1, 3), chosen, t["year"]):
            team.append({"person": m, "role": "成员"})
            chosen.add(m)
        if rng.random() < 0.25:
            ob = rng.choice(related[b])
            for m in pick(people.by_base[ob], 1, chosen, t["year"]):
                team.append({"person": m, "role": "成员"})
                chosen.add(m)
        for m in team:
            usage[m["person"]] += 1
        t["team"] = team
    # everyone (but the three office holders) takes part in at least one project group
    for pid, person in people.items.items():
        if usage[pid] or pid in special:
            continue
        cands = [t for t in projects if t["base"] == person["base"] and t["year"] >= person["joined"]]
        cands.sort(key=lambda t: len(t["team"]))
        t = cands[0]
        role = "徒弟" if person["tier"] == "young" else "成员"
        t["team"].append({"person": pid, "role": role})
        usage[pid] += 1

    # -- outcomes -------------------------------------------------------------------------
    for t in projects:
        t["outcomes"] = {"patents": [], "papers": [], "software": []}
        t["got"] = texts.achieved(t, rng)
    patents = []
    for i, (topic, ptitle, ptype) in enumerate(PATENTS):
        t = by_title[topic]
        year = 2021 if i < 8 else 2022
        lo = max(t["started"] + timedelta(days=25), d(year, 1, 5))
        hi = min(t.get("completed") or d(year, 12, 15), d(year, 12, 15))
        if hi < lo:
            hi = min(d(year, 12, 15), lo + timedelta(days=30))
        filed = workday(rand_date(lo, hi))
        assert filed.year == year and filed >= t["started"], (topic, filed)
        patents.append({"topic": t, "title": ptitle, "type": ptype, "filed": filed})
    patents.sort(key=lambda x: x["filed"])
    counters = {2021: 0, 2022: 0}
    for pt in patents:
        y = pt["filed"].year
        counters[y] += 1
        pt["id"] = f"ZL-{y}-{counters[y]:03d}"
        pt["topic"]["outcomes"]["patents"].append(pt["id"])

    software = []
    for topic, stitle, year in SOFTWARE:
        t = by_title[topic]
        lo = max(t["started"] + timedelta(days=90), d(year, 1, 5))
        reg = workday(rand_date(lo, max(lo, d(year, 12, 10))))
        assert reg.year == year, (topic, reg)
        software.append({"topic": t, "title": stitle, "registered": reg})
    software.sort(key=lambda x: x["registered"])
    counters = {2021: 0, 2022: 0}
    for s in software:
        y = s["registered"].year
        counters[y] += 1
        s["id"] = f"RZ-{y}-{counters[y]:03d}"
        s["topic"]["outcomes"]["software"].append(s["id"])

    # papers: 10 written out in full + 23 shorter ones from completed projects
    papers = []
    for lp in papers_long.PAPERS:
        papers.append({"topic": by_title[lp["topic"]], "year": lp["year"], "long": lp})
    have = {p["topic"]["title"] for p in papers}
    for year, count in ((2021, 10), (2022, 13)):
        cands = [t for t in projects if t.get("completed") and t["completed"] <= d(year, 12, 10)
                 and t["title"] not in have and not t["outcomes"]["patents"]]
        rng.shuffle(cands)
        cands.sort(key=lambda t: t["benefit"] == "none")
        for t in cands[:count]:
            papers.append({"topic": t, "year": year, "long": None})
            have.add(t["title"])
    assert len(papers) == 33
    disc_order = ["锅炉", "汽机", "电气", "热控", "化学", "燃料", "环保", "供热", "安全", "管理", "经营"]
    base_disc = {b[0]: b[5] for b in BASES}
    def discipline(t):
        if t["category"] == "经营":
            return "经营"
        if t["category"] == "管理":
            return "安全" if t["base"] == "FJD-11" else "管理"
        if t["base"] in ("FJD-07", "FJD-08"):
            boiler = any(k in "".join(t["keywords"]) for k in ("锅炉", "汽温", "燃烧", "磨", "风机", "稳燃"))
            return "锅炉" if boiler else "汽机"
        return base_disc[t["base"]]

    for p in papers:
        p["discipline"] = p["long"]["discipline"] if p["long"] else discipline(p["topic"])
    counters = {2021: 0, 2022: 0}
    for p in sorted(papers, key=lambda p: (p["year"], disc_order.index(p["discipline"]), p["topic"]["id"])):
        counters[p["year"]] += 1
        p["id"] = f"LW-{p['year']}-{counters[p['year']]:03d}"
        p["topic"]["outcomes"]["papers"].append(p["id"])
    papers.sort(key=lambda p: p["id"])

    # statuses, appraisal, benefit: each project draws from its own stream (notes.rng_for), so
    # rewording a text or resizing a figure never moves another entry
    for t in projects:
        if not t.get("completed"):
            t.setdefault("status", "实施")
            t["appraisal"] = None
            t["benefit_data"] = None
            continue
        r = rng_for("appraisal", t["id"])
        has_out = bool(t["outcomes"]["patents"] or t["outcomes"]["papers"])
        t["benefit_data"] = benefits.benefit(t, rng_for("benefit", t["id"]))
        if t["title"] in papers_long.BENEFIT:  # the paper states the project's own figures
            amount, basis = benefits.CONFIRMED[t["title"]]
            t["benefit_data"] = {"amount": amount, "basis": basis}
            t["got"] = t["after"]
        if not has_out or r.random() < 0.3:
            adate = workday(t["completed"] + timedelta(days=r.randint(20, 60)))
            if adate > d(2022, 12, 28):
                adate = d(2022, 12, 28)
            body, lvl = appraiser(t, r)
            t["appraisal"] = {"date": adate, "body": body, "level": lvl,
                              "conclusion": texts.appraisal_conclusion(t, body, lvl, rng_for("conclusion", t["id"]))}
            t["status"] = "鉴定"
        else:
            t["appraisal"] = None
            t["status"] = "完成"
    ledger.plan(projects)  # planned ends, 延期 and 终止
    approved_n = sum(1 for t in projects if t["status"] in ("立项", "实施", "完成", "鉴定"))
    completed_n = sum(1 for t in projects if t["status"] in ("完成", "鉴定"))
    assert approved_n == 129 and completed_n == 100, (approved_n, completed_n)

    ctx = dict(out=out, topics=topics, projects=projects, P=P, people=people, patents=patents,
               software=software, papers=papers, studio_leaders=studio_leaders, chair=chair, chief=chief,
               editor=editor, pid_of=pid_of, by_title=by_title)
    return ctx


# --- references for the shorter papers ----------------------------------------------------

def _std(org, title, number, year, publisher="中国电力出版社"):
    return {"type": "S", "authors": [org], "title": title, "number": number, "place": "北京",
            "container": publisher, "year": year}


def _book(authors, title, year, publisher="中国电力出版社", place="北京"):
    return {"type": "M", "authors": authors, "title": title, "place": place, "container": publisher, "year": year}


REFS = {
    "锅炉": [_std("国家能源局", "火力发电厂锅炉受热面管监督技术导则", "DL/T 939—2016", 2016), _book(["樊泉桂"], "锅炉原理", 2014),
             _std("国家能源局", "电站锅炉性能试验规程", "GB/T 10184—2015", 2015, "中国标准出版社")],
    "汽机": [_std("国家能源局", "凝汽器与真空系统运行维护导则", "DL/T 932—2019", 2019), _book(["康松", "杨建明", "胥建群"], "汽轮机原理", 2000),
             _std("国家能源局", "电站汽轮机技术条件", "DL/T 892—2021", 2021)],
    "电气": [_std("中华人民共和国国家质量监督检验检疫总局", "继电保护和安全自动装置技术规程", "GB/T 14285—2006", 2006, "中国标准出版社"),
             _std("国家能源局", "变压器油中溶解气体分析和判断导则", "DL/T 722—2014", 2014), _book(["贺家李", "宋从矩"], "电力系统继电保护原理", 2004)],
    "热控": [_std("国家能源局", "火力发电厂热工自动化系统检修运行维护规程", "DL/T 774—2015", 2015),
             _std("国家能源局", "火力发电厂模拟量控制系统验收测试规程", "DL/T 657—2015", 2015)],
    "化学": [_std("中华人民共和国国家质量监督检验检疫总局", "火力发电机组及蒸汽动力设备水汽质量", "GB/T 12145—2016", 2016, "中国标准出版社"),
             _std("国家能源局", "化学监督导则", "DL/T 246—2015", 2015), _book(["周柏青", "陈志和"], "热力发电厂水处理", 2009)],
    "燃料": [_std("中华人民共和国国家质量监督检验检疫总局", "带式输送机 安全规范", "GB 14784—2013", 2013, "中国标准出版社"),
             _book(["宋伟刚"], "通用带式输送机设计", 2006, "机械工业出版社")],
    "环保": [_std("环境保护部", "火电厂大气污染物排放标准", "GB 13223—2011", 2011, "中国环境科学出版社"),
             _std("国家能源局", "火电厂烟气脱硝(SCR)系统运行技术规范", "DL/T 335—2010", 2010),
             _std("环境保护部", "火电厂污染防治可行技术指南", "HJ 2301—2017", 2017, "中国环境出版社")],
    "供热": [_std("中华人民共和国住房和城乡建设部", "城镇供热系统运行维护技术规程", "CJJ 88—2014", 2014, "中国建筑工业出版社"),
             _book(["贺平", "孙刚", "王飞"], "供热工程", 2009, "中国建筑工业出版社")],
    "安全": [_std("中华人民共和国国家质量监督检验检疫总局", "电业安全工作规程 第1部分：热力和机械", "GB 26164.1—2010", 2010, "中国标准出版社"),
             _std("国家能源局", "电力建设安全工作规程 第1部分：火力发电", "DL 5009.1—2014", 2014)],
    "管理": [_book(["中国质量协会"], "质量管理小组理论与方法", 2017, "中国标准出版社"),
             _std("中华人民共和国国家质量监督检验检疫总局", "质量管理体系 要求", "GB/T 19001—2016", 2016, "中国标准出版社")],
    "经营": [_book(["曾鸣"], "电力市场理论及应用", 2000), _book(["中国质量协会"], "质量管理小组理论与方法", 2017, "中国标准出版社")],
}


def clean(data):
    if isinstance(data, dict):
        return {k: clean(v) for k, v in data.items() if v is not None and v != [] and v != {}}
    if isinstance(data, list):
        return [clean(v) for v in data]
    return data


def estimate(t) -> dict | None:
    """The group's own figure, kept where its paper states one (the ledger holds what was confirmed)."""
    if t["title"] not in papers_long.BENEFIT or not t.get("completed"):
        return None
    amount, basis = papers_long.BENEFIT[t["title"]]
    return {"amount": amount, "basis": basis}


def insert_discussion(body: str, text: str) -> str:
    """Put a numbered 讨论 section before the conclusion, renumbering the conclusion."""
    m = list(re.finditer(r"^## (\d+) 结论", body, flags=re.M))[-1]
    n = int(m.group(1))
    return (body[:m.start()] + f"## {n} 讨论\n\n" + text.strip() + "\n\n" + f"## {n + 1} 结论"
            + body[m.end():])


def emit(ctx: dict) -> None:
    out: Path = ctx["out"]
    people: People = ctx["people"]
    persons = people.items
    projects, patents, software, papers = ctx["projects"], ctx["patents"], ctx["software"], ctx["papers"]
    studio_leaders = ctx["studio_leaders"]
    S = {s[0]: s for s in STUDIOS}

    # -- awards (decided first: projects list their awards) ---------------------------------
    awards = []
    project_awards: dict[str, list[str]] = {}
    paper_award: dict[str, str] = {}

    def add_award(year, **kw):
        n = sum(1 for a in awards if a["year"] == year) + 1
        a = {"id": f"JL-{year}-{n:03d}", "year": year, **kw}
        awards.append(a)
        for r in kw["recipients"]:
            project_awards.setdefault(r, []).append(a["id"])
        return a

    by_title = ctx["by_title"]
    # external honours first (so they get the lower numbers of their year)
    add_award(2021, name="秦皇岛市劳模和工匠人才创新工作室命名", level="市级", grade="命名", category="创新工作室",
              date=d(2021, 6, 18), granted_by="秦皇岛市总工会", recipients=["GZS-01", "GZS-04", "GZS-05"],
              note="秦工字〔2021〕21号：基地三个厂级创新工作室同批获得秦皇岛市“劳模和工匠人才创新工作室”命名。")
    kt_grant = by_title["降低#1炉低温再热器管壁超温次数"]["id"]
    add_award(2021, name="全国总工会职工创新补助资金", level="国家级", grade="补助", category="补助资金",
              date=d(2021, 10, 26), granted_by="中华全国总工会", amount=100000, recipients=["GZS-01", kt_grant],
              note="关健创新工作室创新项目获全国总工会职工创新补助资金10万元，专项用于工作室设备购置和课题攻关。")
    add_award(2021, name="国家能源集团“班组岗位创新创效”案例评选", level="集团", grade="优秀奖", category="创新项目",
              date=d(2021, 11, 19), granted_by="国家能源投资集团有限责任公司",
              recipients=[by_title["输煤皮带跑偏自动纠偏装置研制"]["id"]])
    add_award(2021, name="秦皇岛市职工科技创新成果奖", level="市级", grade="二等奖", category="创新项目",
              date=d(2021, 12, 9), granted_by="秦皇岛市总工会", recipients=[by_title["降低#2机凝汽器端差"]["id"]])
    add_award(2022, name="河北省劳模和工匠人才创新工作室命名", level="省部级", grade="命名", category="创新工作室",
              date=d(2022, 4, 27), granted_by="河北省总工会", recipients=["GZS-03"], note="冀工〔2022〕19号")
    add_award(2022, name="国家能源集团劳模和工匠人才创新工作室命名", level="集团", grade="命名", category="创新工作室",
              date=d(2022, 9, 16), granted_by="国家能源投资集团有限责任公司工会", recipients=["GZS-02"], note="国家能源工〔2022〕37号")
    add_award(2022, name="秦皇岛市职工技术发明奖", level="市级", grade="一等奖", category="创新项目",
              date=d(2022, 11, 8), granted_by="秦皇岛市总工会", recipients=[by_title["发电机碳刷温度在线监测装置研制"]["id"]])
    spot = next(p for p in papers if p["topic"]["title"] == "电力现货交易报价策略优化")
    add_award(2022, name="电力企业管理创新论文大赛", level="国家级", grade="一等奖", category="科技论文",
              date=d(2022, 11, 25), granted_by="中国电力企业管理创新论文大赛组委会", recipients=[spot["id"]])
    # the plant's own yearly awards: 118,000 yuan in two years
    plan = {2021: ([("一等奖", 5000, 3), ("二等奖", 3000, 6), ("三等奖", 1500, 10)],
                   [("一等奖", 2000, 2), ("二等奖", 1000, 3), ("三等奖", 500, 5)]),
            2022: ([("一等奖", 5000, 3), ("二等奖", 3000, 7), ("三等奖", 1500, 10)],
                   [("一等奖", 2000, 2), ("二等奖", 1000, 3), ("三等奖", 500, 5)])}
    for year, (proj_plan, paper_plan) in plan.items():
        day = d(year, 12, 28) if year == 2021 else d(2022, 12, 27)
        P = ctx["P"]
        for grade, amount, n in proj_plan:
            winners = PLANT_AWARDS[year]["创新项目"][grade]
            assert len(winners) == n, (year, grade)
            for pid in winners:
                add_award(year, name=f"{year}年度秦电职工创新成果奖", level="厂级", grade=grade, category="创新项目",
                          date=day, granted_by=UNION, amount=amount, recipients=[P[pid]["id"]])
        for grade, amount, n in paper_plan:
            winners = PLANT_AWARDS[year]["科技论文"][grade]
            assert len(winners) == n, (year, grade)
            for pid in winners:
                add_award(year, name=f"{year}年度秦电优秀科技论文奖", level="厂级", grade=grade, category="科技论文",
                          date=day, granted_by=UNION, amount=amount, recipients=[pid])
                paper_award[pid] = grade
    total = sum(a.get("amount", 0) for a in awards if a["level"] == "厂级")
    assert total == 118000, total
    for a in awards:
        write(out, f"awards/{a['id']}.yml", clean({k: a.get(k) for k in (
            "id", "name", "level", "grade", "category", "year", "date", "granted_by", "amount", "recipients", "note")}))

    # -- people, bases ------------------------------------------------------------------
    for pid, p in persons.items():
        write(out, f"people/{pid}.yml", clean({k: p.get(k) for k in ("id", "name", "base", "position", "skill", "titles", "joined")}))
    heads = {}
    for b in BASES:
        studio = next((s for s in STUDIOS if s[1] == b[0]), None)
        if studio:
            heads[b[0]] = studio_leaders[studio[0]]
        else:
            heads[b[0]] = next(x for x in people.by_base[b[0]] if persons[x]["tier"] == "senior" and x not in (ctx["chair"], ctx["chief"]))
        write(out, f"bases/{b[0]}.yml", {"id": b[0], "name": b[2], "union": b[3], "department": b[2].removesuffix("分基地"),
                                          "feature": b[4], "head": heads[b[0]],
                                          "founded": d(2021, 1, 8), "headcount": {y: ledger.HEADCOUNT[b[0]] for y in (2021, 2022)}})

    # -- studios --------------------------------------------------------------------------
    for s in STUDIOS:
        sid, base, suffix, founded, direction, levels = s
        leader = studio_leaders[sid]
        lname = persons[leader]["name"]
        name = f"{lname}{suffix or '创新工作室'}"
        S[sid] = s + (name,)
        sp = [t for t in projects if t.get("studio") == sid]
        members = []
        for t in sp:
            for m in t["team"]:
                if m["person"] != leader and m["person"] not in members:
                    members.append(m["person"])
        members = members[:14]
        done = [t for t in sp if t["status"] in ("完成", "鉴定")]
        pats = [x for t in sp for x in t["outcomes"]["patents"]]
        paps = [x for t in sp for x in t["outcomes"]["papers"]]
        honours = "；".join(f"{dt.year}年{dt.month}月由{by}命名为{lvl}{'创新工作室' if lvl == '厂级' else '劳模和工匠人才创新工作室'}（{doc}）"
                           for lvl, dt, by, doc in levels)
        ptitles = "、".join(f"“{t['title']}”" for t in done[:3]) or "首批课题正在实施"
        ht = "、".join(h["title"] for h in persons[leader]["titles"]) or "公司技术骨干"
        body = (f"## 简介\n\n{name}成立于{founded.year}年{founded.month}月，由{ht}{lname}领衔，现有成员{len(members)}人，"
                f"依托{next(b[2] for b in BASES if b[0] == base)}开展创新活动。工作室坚持“老带新”，每个课题都由经验丰富的师傅与青年员工结成对子，"
                f"在解决现场难题的同时培养后备人才。\n\n"
                f"## 研究方向\n\n{direction}。\n\n"
                f"## 命名情况\n\n{honours}。\n\n"
                f"## 主要成果\n\n2021—2022年，工作室承担基地创新课题{len(sp)}项，已完成{len(done)}项，其中包括{ptitles}等；"
                f"申请专利{len(pats)}项，撰写论文{len(paps)}篇。")
        if sid == "GZS-01":
            body += "\n\n2021年，工作室创新项目获全国总工会职工创新补助资金10万元，用于购置燃烧调整测试仪器和防磨防爆检测设备。"
        write(out, f"studios/{sid}.md", {
            "id": sid, "name": name, "leader": leader, "members": members, "base": base, "founded": founded,
            "direction": direction,
            "levels": [{"level": lvl, "date": dt, "granted_by": by, "document": doc} for lvl, dt, by, doc in levels],
            "applications": STUDIO_APPLICATIONS.get(sid),
        }, body)

    # -- patents --------------------------------------------------------------------------
    for pt in patents:
        t = pt["topic"]
        digit = "1" if pt["type"] == "发明" else "2"
        r = rng_for("patent", pt["id"])
        twelve = f"{pt['filed'].year}{digit}{PATENT_SERIALS[pt['id']]:07d}"
        app_no = f"{twelve}.{patent_check_digit(twelve)}"
        filed = pt["filed"]
        history = [{"status": "受理", "date": workday(filed + timedelta(days=r.randint(2, 9)))}]
        status, granted = "受理", None
        if pt["type"] == "实用新型":
            g = workday(filed + timedelta(days=r.randint(150, 230)))
            if g <= d(2022, 12, 20):
                history.append({"status": "授权", "date": g})
                status, granted = "授权", g
        else:
            e = workday(filed + timedelta(days=r.randint(240, 380)))
            if e <= d(2022, 12, 20):
                history.append({"status": "实审", "date": e})
                status = "实审"
        inventors = [m["person"] for m in t["team"] if m["role"] in ("组长", "导师")][:2] + \
                    [m["person"] for m in t["team"] if m["role"] in ("徒弟", "成员")][:2]
        write(out, f"patents/{pt['id']}.yml", {
            "id": pt["id"], "title": pt["title"], "type": pt["type"], "application_no": app_no, "filed": filed,
            "status": status, "history": history, "granted": granted,
            "grant_no": f"ZL{app_no}" if granted else None, "inventors": inventors, "applicant": PLANT,
            "project": t["id"], "uses": PATENT_USES.get(pt["title"])})

    # -- software -------------------------------------------------------------------------
    for s in software:
        t = s["topic"]
        write(out, f"software/{s['id']}.yml", {
            "id": s["id"], "title": s["title"],
            "registration_no": f"{s['registered'].year}SR{SOFTWARE_SERIALS[s['id']]:07d}",
            "registered": s["registered"], "owners": [PLANT],
            "authors": [m["person"] for m in t["team"]][:4], "project": t["id"], "uses": SOFTWARE_USES.get(s["title"])})

    # -- papers ---------------------------------------------------------------------------
    ext_used = 0
    for p in papers:
        t = p["topic"]
        team = t["team"]
        authors = [m["person"] for m in team if m["role"] == "组长"] + [m["person"] for m in team if m["role"] == "导师"][:1] + \
                  [m["person"] for m in team if m["role"] == "徒弟"][:2]
        lp = p["long"]
        if lp:
            fig = lp["figure"]
            folder = out / "papers" / str(p["year"]) / p["id"]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "图1.svg").write_text(svg_chart(fig), encoding="utf-8")
            body = lp["body"].strip().replace("{fig}", f"![{fig['caption']}]({p['id']}/图1.svg)\n\n{fig['caption']}")
            body = insert_discussion(body, papers_long.DISCUSSION[lp["topic"]] + papers_long.MORE.get(lp["topic"], "") + papers_long.MORE2.get(lp["topic"], ""))
            title, abstract, keywords, refs = lp["title"], lp["abstract"], lp["keywords"], lp["references"]
            if ext_used < 4 and lp["discipline"] in ("锅炉", "化学", "环保", "热控"):
                authors = authors + [{"name": ["刘明", "张立", "孙海波", "陈静"][ext_used], "org": EXTERNAL_ORGS[ext_used]}]
                ext_used += 1
        else:
            got = t["got"]
            unit = "" if t["unit"] == "—" else t["unit"]
            dirw = texts.direction(t)
            title = SHORT_TITLES[p["id"]]
            abstract = (f"针对{t['indicator']}{'偏高' if dirw == '降低' else '偏低'}的问题，分析了"
                        f"{t['causes'][0]}、{t['causes'][1]}等原因，采取{t['measures'][0]}、{t['measures'][1]}等措施，"
                        f"使{t['indicator']}由{t['before']}{unit}{'降至' if dirw == '降低' else '提高到'}{got}{unit}。")
            keywords = t["keywords"][:5]
            refs = REFS[p["discipline"]][:rng_for("refs", p["id"]).choice([2, 3])]
            body = papers_short.body(t, t.get("benefit_data"), got, p["id"])
        refs = complete_references(refs, p["year"])
        body = cite_references(body, len(refs))
        write(out, f"papers/{p['year']}/{p['id']}.md", {
            "id": p["id"], "title": title, "authors": authors, "base": t["base"], "project": t["id"], "year": p["year"],
            "abstract": abstract, "keywords": keywords, "discipline": p["discipline"], "published": PUBLISHED.get(p["id"]),
            "references": refs,
            "award": paper_award.get(p["id"])}, body)
        p["title"] = title

    # -- 合理化建议 and “五小” (before the projects: a converted suggestion is a project's origin) --
    proposals.emit(dict(ctx, clean=clean), write)

    # -- projects -------------------------------------------------------------------------
    for t in projects:
        studio_name = S[t["studio"]][6] if t.get("studio") else None
        notes = progress_notes(t, t, persons, d(2022, 12, 30))
        if t.get("approved"):
            notes = [n for n in notes if n["date"] != t["approved"]]
            notes.append({"date": t["approved"], "note": approval_note(t, rng_for("approval-note", t["id"]))})
        if t.get("completed"):
            notes = [n for n in notes if n["date"] != t["completed"]]
            unit = "" if t["unit"] == "—" else t["unit"]
            moved = "降至" if texts.direction(t) == "降低" else "达到"
            notes.append({"date": t["completed"], "note": f"提交结题报告，课题完成：{t['indicator']}{moved}{t['got']}{unit}。"})
        if t.get("terminated"):
            notes.append({"date": t["terminated"], "note": "经分基地申请、基地评审同意，课题终止（原因见延期、变更、终止记录）。"})
        # the log ends with the work: the appraisal, a patent filed later, a paper's publication
        # are their own records (appraisal, patents/, papers/ published), shown in the bulletin
        for pt in patents:
            if pt["topic"] is t and (not t.get("completed") or pt["filed"] <= t["completed"]):
                notes.append({"date": pt["filed"], "note": f"专利“{pt['title']}”提交申请（{pt['type']}）。"})
        notes.sort(key=lambda n: n["date"])
        body = texts.project_body(t, t, persons, studio_name, rng_for("body", t["id"]))
        outcomes = {k: v for k, v in t["outcomes"].items() if v}
        write(out, f"projects/{t['year']}/{t['id']}.md", {
            "id": t["id"], "title": t["title"], "year": t["year"], "base": t["base"], "studio": t.get("studio"),
            "category": t["category"], "area": t["area"], "qc_type": t["qc_type"], "status": t["status"],
            "keywords": t["keywords"], "team": t["team"], "proposed": t["proposed"], "approved": t.get("approved"),
            "started": t.get("started"), "completed": t.get("completed"),
            "appraisal": clean(t["appraisal"]) if t.get("appraisal") else None,
            "terminated": t.get("terminated"), "planned_end": t.get("planned_end"), "changes": t.get("changes"),
            "origin": t.get("origin"), "progress": notes, "outcomes": outcomes or None,
            "benefit": estimate(t), "benefits": ledger.benefit_records(t), "uses": ledger.uses(t),
            "awards": project_awards.get(t["id"], [])}, body)

    ctx.update(awards=awards, heads=heads, S=S)
    import extras
    extras.emit_rest(ctx, write, rng)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "content"))
    args = ap.parse_args()
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    ctx = build(out, parse_topics(), People())
    emit(ctx)
    from make_selection import (
        generate,  # the 2022 selection and 公示, from the entries just written
    )

    generate(out)


if __name__ == "__main__":
    main()
