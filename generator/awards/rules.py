"""The yearly selection's rules in ``site_config/rules.yml`` (``selection:``): criteria and
weights, when the highest and lowest scores are dropped, grade quotas and the amount per grade."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)  # built when first used


class GradeRule(_Config):
    grade: str = Field(description="等级，如 一等奖（取值表 award_grade）")
    quota: int = Field(ge=0, description="名额（个）")
    amount: int = Field(ge=0, description="每项奖金（元）")


class CategoryRule(_Config):
    kind: str = Field(description="被提名的条目类型：project（课题）或 paper（论文）")
    criteria: dict[str, float] = Field(min_length=1, description="评分项 → 权重，权重之和为 1")
    grades: list[GradeRule] = Field(min_length=1, description="各等级，从高到低")

    @model_validator(mode="after")
    def _weights_sum_to_one(self):
        if abs(sum(self.criteria.values()) - 1) > 1e-6:
            raise ValueError(f"评分项权重之和应为 1，现为 {sum(self.criteria.values()):g}")
        return self

    def grade(self, name: str) -> GradeRule | None:
        return next((g for g in self.grades if g.grade == name), None)


class SelectionRules(_Config):
    score_max: float = Field(gt=0, description="每个评分项的满分")
    trim_at: int = Field(ge=3, description="打分专家达到此人数时，去掉一个最高分和一个最低分再平均")
    categories: dict[str, CategoryRule] = Field(description="奖励类别（取值表 award_category）→ 评分规则")
