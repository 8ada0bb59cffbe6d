"""Economic benefits of the sample projects, sized for the plant they belong to.

The plant: 2×200 MW + 2×320 MW, about 1,180 staff, losing money in 2020–2021, running at low
load (a 200 MW unit generates about 7 亿kWh a year, a 320 MW unit about 10 亿kWh). The benefits of
100 completed projects add up to a few million 元 a year, not to a sizeable share of the plant's
turnover: each figure counts only the change the project itself caused, over the hours and the
unit it applies to, at the year's price, and says how it was worked out. A project whose result
is safety, service or skills gets no money figure (its effect is told in its text): converting
complaints or training hours into 万元 would need a method nobody could check.
"""

from __future__ import annotations

import random

from texts import num, unit_of, value_text

COAL_PRICE = {2021: 960, 2022: 1130}  # 元/吨标煤 at the plant, the year's average
POWER_PRICE = 0.3644  # 元/kWh, 河北南网 燃煤基准上网电价 (what a kWh not used in the plant sells for)
GENERATION = {"1": 7.0, "2": 7.2, "3": 10.4, "4": 10.1}  # 亿kWh a year per unit, 2021–2022 average


def _year(t) -> int:
    return t["completed"].year if t.get("completed") else t["year"]


def _unit_text(t) -> tuple[str, float]:
    u = unit_of(t["title"])
    if u:
        return f"#{u}机组", GENERATION[u]
    return "全厂四台机组", sum(GENERATION.values())


def benefit(t, r: random.Random) -> dict | None:
    """{amount (万元/年), basis (the method)} or None for a result that is not money."""
    kind, kw, year = t["benefit"], "".join(t["keywords"]), _year(t)
    price = COAL_PRICE[year]
    if kind == "none":
        return None
    if kind == "coal":
        unit, gen = _unit_text(t)
        grams = round(r.uniform(0.02, 0.08) if unit_of(t["title"]) else r.uniform(0.01, 0.03), 3)
        tons = round(grams * gen * 100)
        how = r.choice(["效果检查期对比试验", "对策前后各做一次热力试验", "按厂级性能计算系统月报对比",
                        "按耗差分析系统同负荷段对比"])
        return {"amount": round(tons * price / 1e4, 1),
                "basis": f"{how}，{t['indicator']}改善使{unit}供电煤耗降低约 {grams} g/kWh；"
                         f"× 年发电量约 {gen:g} 亿kWh ＝ 年节约标煤约 {tons} 吨 × {year}年标煤单价 {price} 元/吨"}
    if kind == "power":
        mwh = r.randint(2, 12)
        return {"amount": round(mwh * POWER_PRICE, 1),
                "basis": f"{t['indicator']}改善后，对策前后各取一个月电量表读数对比，折算年节约厂用电约 {mwh} 万kWh × 上网电价 {POWER_PRICE} 元/kWh"}
    if kind == "water":
        tons = round(r.uniform(0.2, 1.5), 1)
        wprice = r.choice([4.2, 5.6])
        return {"amount": round(tons * wprice, 1),
                "basis": f"{t['indicator']}改善后，按补水流量计月累计对比，年减少取水及排污约 {tons:g} 万吨 × 综合水价 {wprice} 元/吨"}
    if kind == "repair":
        a, b = round(r.uniform(0.5, 3.0), 1), round(r.uniform(0.2, 1.5), 1)
        change = f"{t['indicator']}由 {value_text(t, 'before')} 改善到 {value_text(t, 'after')}"
        return {"amount": round(a + b, 1), "basis": r.choice([
            f"{change}后，对比近三年同类缺陷的处理记录：年减少外委检修费约 {a} 万元、备品备件费约 {b:g} 万元（按检修费用台账）",
            f"按设备缺陷管理系统统计，{change}，课题前后各一年对比，外委检修结算少 {a} 万元，备件领用少 {b:g} 万元",
            f"{change}；外委合同结算单显示年少支出约 {a} 万元，物资部备件出库记录显示少领用约 {b:g} 万元",
            f"检修分场按工单核算：{change}后，少发生外委处理费约 {a} 万元、更换备件约 {b:g} 万元",
            f"{change}，翻查两年缺陷单和领料单：年少请外委处理约 {a} 万元，少换备件约 {b:g} 万元",
            f"与课题前一年的检修费用台账逐项对照，{change}，外委费减少约 {a} 万元，备品备件减少约 {b:g} 万元"])}
    if kind == "fuel":
        return _fuel(t, r, kw, price)
    return _cash(t, r)


def _fuel(t, r, kw: str, price: int) -> dict | None:
    if "石灰石" in kw:
        tons = r.randint(200, 600)
        return {"amount": round(tons * 185 / 1e4, 1), "basis": f"按石灰石粉进厂计量月报对比，年节约约 {tons} 吨 × 185 元/吨"}
    if "脱硝" in kw or "氨" in kw:
        tons = r.randint(8, 25)
        return {"amount": round(tons * 2450 / 1e4, 1), "basis": f"按尿素耗量月报对比，年节约尿素约 {tons} 吨 × 2450 元/吨"}
    if "点火" in kw or "启动" in kw or "节油" in kw:
        tons = r.randint(3, 12)
        return {"amount": round(tons * 7200 / 1e4, 1),
                "basis": f"按燃油消耗台账，全年启停和稳燃节约燃油约 {tons} 吨 × 7200 元/吨"}
    if t["unit"] == "元/t":
        wt = r.choice([4, 5, 6])
        amount = round(abs(num(t["before"]) - num(t["after"])) * wt * 0.05, 1)
        return {"amount": amount,
                "basis": f"单价差 {abs(num(t['before']) - num(t['after'])):g} 元/吨中，计划经营部与财务核定归因于本课题（掺配方式和扣罚执行）的部分约 5%，"
                         f"× 年入炉标煤约 {wt * 10} 万吨"}
    if t["unit"] == "kJ/kg":
        tons = r.randint(60, 150)
        return {"amount": round(tons * price / 1e4, 1),
                "basis": f"按入厂、入炉热值差缩小后减少的热值扣罚争议和亏卡，折合标煤约 {tons} 吨 × {price} 元/吨（燃料结算台账）"}
    if t["unit"] == "%":
        tons = r.randint(100, 300)
        return {"amount": round(tons * 850 / 1e4, 1),
                "basis": f"亏吨率下降后按轨道衡和采样记录，年少亏原煤约 {tons} 吨 × 到厂煤价 850 元/吨"}
    if t["unit"] == "次":
        tons = r.randint(50, 150)
        return {"amount": round(tons * 500 / 1e4, 1),
                "basis": f"自燃点减少后按煤场盘点，年少损失原煤热值折合约 {tons} 吨原煤 × 500 元/吨（按损失一半热值计）"}
    x = r.randint(1, 5)
    return {"amount": float(x), "basis": f"按燃料结算台账，年减少火车滞车费约 {x} 万元"}


def _cash(t, r) -> dict | None:
    """Money indicators give money; other indicators (件, 天, %) are not turned into 万元."""
    b, a = num(t["before"]), num(t["after"])
    if t["unit"] == "万元" and b is not None and a is not None:
        share = r.choice([0.05, 0.06, 0.08])
        delta = abs(a - b)
        if "库存" in t["indicator"]:
            return {"amount": round(delta * 0.035, 1),
                    "basis": f"库存资金减少 {delta:g} 万元，按一年期贷款利率 3.5% 计少占用资金的财务费用"}
        return {"amount": round(delta * share, 1),
                "basis": f"{t['indicator']}由 {value_text(t, 'before')} 增至 {value_text(t, 'after')}，扣除价格和政策变化后，"
                         f"财务核定归因于本课题的部分按增加额的 {share:.0%} 计"}
    if "AGC" in t["indicator"] or "负荷" in t["indicator"]:
        x = r.randint(2, 8)
        return {"amount": float(x), "basis": f"按电网“两个细则”月度考核结算单，年减少考核费用约 {x} 万元"}
    if "制水量" in t["indicator"] or "含水率" in t["indicator"]:  # money not spent: a saving, not income
        x = round(r.uniform(0.8, 3.0), 1)
        what = "再生用酸碱和树脂补充费用" if "制水量" in t["indicator"] else "石膏外运处置费用"
        return {"amount": x, "type": "节约", "basis": f"按{what}台账对比课题前后，年节约约 {x:g} 万元"}
    return None


# The ten projects written up as long papers: the paper states the group's own gross figure (kept
# as written); the ledger holds what the finance office confirmed, and says how it got there.
CONFIRMED = {
    "降低#1炉低温再热器管壁超温次数": (12.5, "论文按全年计为年节约标煤约 410 吨；财务按#1机2021年实际低负荷运行约 2 700 h 核定，"
                                  "年节约标煤约 130 吨 × 960 元/吨"),
    "降低#2机凝汽器端差": (25.0, "论文按年发电量 11 亿kWh、煤耗降低 2.1 g/kWh 计为 207 万元；#2机实际年发电约 7.2 亿kWh，"
                          "扣除循环水温季节影响后实测煤耗降低约 0.36 g/kWh，核定年节约标煤约 260 吨 × 960 元/吨"),
    "发电机碳刷温度在线监测装置研制": (6.0, "只计处理费用（不计少发电损失）：年减少碳刷打火处理 8 次 × 每次约 0.95 万元，"
                                  "减去装置年维护费约 1.6 万元"),
    "供热抽汽调节阀自动控制逻辑优化": (22.0, "论文按供热量 620 万GJ 计；按2021—2022供热季实际供热量约 410 万GJ、"
                                  "归因于压力自动控制的供热煤耗降低约 0.056 kg/GJ，核定年节约标煤约 232 吨 × 950 元/吨"),
    "提高循环水浓缩倍率": (15.0, "年节约补充水约 34 万吨 × 实际取水成本 0.9 元/吨，加减少排污费约 7.4 万元，"
                           "扣除阻垢剂增加费用约 23 万元"),
    "输煤皮带跑偏自动纠偏装置研制": (8.0, "撒煤清理按外包合同实际减少额 4.5 万元、皮带更换按备件台账 3.5 万元，停机损失不计"),
    "脱硫吸收塔浆液pH值优化控制": (30.0, "按石灰石粉进厂计量，2022年#3、#4吸收塔少用石灰石粉约 1 620 吨 × 185 元/吨；"
                                "浆液循环泵节电受负荷影响，未单独计量，不计"),
    "热网首站疏水回收系统改造": (24.0, "减少除盐水补充约 5.6 万吨 × 制水成本 3.5 元/吨，加按首站热量表核定的回收热量折标煤约 46 吨 × 960 元/吨"),
    "SCR脱硝喷氨优化降低氨逃逸": (15.0, "按尿素耗量月报，2022年实际少用尿素约 61 吨 × 2 450 元/吨"),
    "电力现货交易报价策略优化": (40.0, "论文按全部边际贡献增加额计为约 1 800 万元；计划经营部与财务核定：扣除市场出清价上涨和电量结构变化后，"
                               "按同期同类机组对比，归因于报价策略的约 40 万元"),
}
