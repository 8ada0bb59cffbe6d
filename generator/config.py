"""site_config/: the 总基地 settings, vocabularies and rules, read with the same strict loader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.awards.rules import SelectionRules
from generator.errors import ConfigError
from generator.loading.source import read_source
from generator.models.common import IsoDate, ShortText
from generator.pydantic_zh import TYPE_DETAILS, VALUE_DETAILS


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)  # built when first used


class PlantSize(_Config):
    """企业规模：单个课题的年效益超过它的一定比例（rules.yml benefits.max_share_of_plant）即提示核实。"""

    label: ShortText = Field(description="口径，如 年营业收入、年工业总产值")
    amount: float = Field(gt=0, description="金额，单位 万元")
    year: int | None = Field(None, description="所属年度（可选）")


class Settings(_Config):
    """总基地（厂工会）设置。"""

    name: ShortText = Field(description="基地全称")
    short_name: ShortText = Field(description="简称，用于门户标题")
    plant: ShortText = Field(description="企业名称")
    union: ShortText = Field(description="工会名称")
    founded: IsoDate = Field(description="基地成立日期")
    contact: ShortText | None = Field(None, description="门户页脚显示的联系部门与地点，如：厂工会办公室（行政楼三楼）")
    headcount: dict[int, int] = Field(description="各年度在册职工人数")
    plant_size: PlantSize | None = Field(None, description="企业规模（年营业收入或产值），用于判断单个课题的效益是否可信")
    data_as_of: IsoDate | None = Field(
        None, description="数据截止日期（可选）；不写时取知识库中最晚的一个日期。停滞课题、在级年数都算到这一天")
    git_host_new_file_url: str | None = Field(
        None, pattern=r"^https?://", description="代码托管平台“新建文件”页面地址模板（投稿页用），可含 {dir} {filename} {path} {content}")


class Promotion(_Config):
    min_completed_projects: int = Field(ge=0, description="完成课题数下限")
    min_patents: int = Field(ge=0, description="专利数下限")
    min_years_at_level: int = Field(ge=0, description="在当前级别的最少年数")


class Limits(_Config):
    max_file_bytes: int = Field(ge=1024, description="单个文件的最大字节数")
    max_depth: int = Field(ge=3, le=50, description="YAML 最大嵌套层数")


# How a yearly target is counted (generator/kb/figures.py implements each): a closed set, so a
# misspelt name in rules.yml is a config error at its line rather than a KeyError mid-build.
Counter = Literal["studios_city_named", "studios_factory", "projects_approved", "projects_completed",
                  "patents_filed", "papers_written", "software_registered"]


class BenefitRules(_Config):
    """经济效益台账的合理性检查（generator/validation/ledger.py）。"""

    max_share_of_plant: float = Field(0.01, gt=0, le=1, description="单个课题一年的效益超过企业规模的这个比例即提示核实")
    wan_at_least: float = Field(10000, gt=0, description="单位写“万元”而金额达到这个数：多半是把“元”写成了“万元”")
    yuan_below: float = Field(100, ge=0, description="单位写“元”而金额低于这个数：多半是把“万元”写成了“元”")


class FollowUpRules(_Config):
    """停滞与逾期课题的提示（generator/validation/followup.py），量到数据截止日期。"""

    stalled_months: int = Field(4, ge=1, description="实施中的课题这么多个月没有进展记录即提示")
    default_duration_months: int | None = Field(
        12, ge=1, description="没写计划完成日期的课题，按立项后这么多个月计；写 null 则不检查这些课题")
    active_statuses: list[str] = Field(default_factory=lambda: ["立项", "实施"], description="视为进行中的状态")


# The inputs a leaderboard weight may name (generator/kb/leaderboard.py computes each).
LeaderboardInput = Literal["projects_approved", "projects_completed", "patents_filed", "papers_written",
                           "software_registered", "benefit_confirmed", "awards", "awards_external",
                           "suggestions_adopted", "wuxiao"]


class LeaderboardRules(_Config):
    """比学赶超的综合得分 = Σ 权重 × 指标（per_head 时再除以分基地职工人数）。"""

    weights: dict[LeaderboardInput, float] = Field(description="指标 → 权重")
    per_head: bool = Field(True, description="有职工人数的分基地另算每百人得分")


class Rules(_Config):
    status_requires: dict[str, list[str]] = Field(description="各状态必须具备的日期")
    status_forbids: dict[str, list[str]] = Field(description="各状态不应出现的日期")
    approved_statuses: list[str] = Field(description="计入立项统计的状态")
    completed_statuses: list[str] = Field(description="计入完成统计的状态")
    target_counters: dict[str, Counter] = Field(description="年度指标 → 统计口径")
    promotion: Promotion = Field(description="晋级候选条件")
    plant_award_levels: list[str] = Field(description="计入基地奖励合计的级别")
    limits: Limits = Field(description="文件限制")
    selection: SelectionRules | None = Field(None, description="年度评奖：评分标准、名额与奖金")
    benefits: BenefitRules = Field(default_factory=BenefitRules, description="经济效益台账的检查阈值")
    follow_up: FollowUpRules = Field(default_factory=FollowUpRules, description="停滞、逾期课题的提示")
    leaderboard: LeaderboardRules | None = Field(None, description="比学赶超的权重（不写时按各项数量相加）")


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    settings: Settings
    vocab: dict[str, list[str]]
    rules: Rules

    def headcount(self, year: int) -> int | None:
        return self.settings.headcount.get(year)

    def context(self) -> dict:
        """The pydantic validation context the content models read their vocabularies from."""
        return {"vocab": self.vocab}

    @property
    def today(self) -> date:
        return date.today()


def load_config(root: Path) -> SiteConfig:
    folder = root / "site_config"
    if not folder.is_dir():
        raise ConfigError(f"找不到配置目录 {folder}：请在知识库根目录（含 content/ 与 site_config/）下运行")
    errors: list[str] = []  # every file's problems, reported together

    def read(name, model=None):
        try:
            return read_config(folder / name, model)[0]
        except ConfigError as exc:
            errors.append(str(exc))
            return None

    settings, vocab, rules = read("base.yml", Settings), read("vocabularies.yml"), read("rules.yml", Rules)
    if vocab is not None and not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in vocab.values()):
        errors.append("site_config/vocabularies.yml：每个取值表都应是文字列表")
    elif rules is not None and vocab is not None:
        for metric in rules.target_counters:
            if metric not in vocab.get("target_metric", []):
                errors.append(f"site_config/rules.yml：target_counters 中的“{metric}”不在取值表 target_metric 中")
    if vocab is not None and isinstance(vocab.get("proposal_decision"), list):
        from generator.models.proposals import DECISIONS  # the values the proposal rules read

        lacking = [d for d in DECISIONS if d not in vocab["proposal_decision"]]
        if lacking:
            errors.append(f"site_config/vocabularies.yml：proposal_decision 缺少“{'、'.join(lacking)}”"
                          "（合理化建议与“五小”的校验按这些评审结论判断，请勿删除或改名）")
    if errors:
        raise ConfigError("\n".join(errors))
    return SiteConfig(root=root, settings=settings, vocab=vocab, rules=rules)


def read_config(path: Path, model=None):
    """A site_config file through the strict loader, then its model; ConfigError with file:line.

    Returns (value, source): the source gives callers the line of any field for their own checks."""
    rel = f"site_config/{path.name}"
    if not path.is_file():
        raise ConfigError(f"缺少配置文件 {rel}")
    src = read_source(path, rel, None)
    errors = [i for i in src.issues if i.severity == "error"]
    if errors or not isinstance(src.data, dict):
        first = errors[0] if errors else None
        where = f"{rel}:{first.line}" if first else rel
        raise ConfigError(f"{where}: 配置文件有误：{first.message if first else '内容应为字段: 值'}")
    if model is None:
        return src.data, src
    try:
        return model.model_validate(src.data), src
    except ValidationError as exc:
        raise ConfigError("\n".join(f"{rel}:{src.line(err['loc'])}: 配置项 {'.'.join(map(str, err['loc']))} 有误：{_message(err)}"
                                    for err in exc.errors())) from None


def _message(err: dict) -> str:
    """pydantic's error in Chinese, with the content validator's wording where it has one."""
    ctx = err.get("ctx") or {}
    if err["type"] == "literal_error":
        return f"应为以下之一：{ctx.get('expected', '')}".replace(" or ", "、").replace(", ", "、").replace("'", "")
    template = TYPE_DETAILS.get(err["type"]) or VALUE_DETAILS.get(err["type"])
    if template:
        try:
            return template.format(example="", **ctx)
        except (KeyError, IndexError):
            pass
    return err["msg"]
