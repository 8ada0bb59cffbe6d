"""site_config/search.yml: synonyms, extra dictionary terms, field weights — checked strictly,
because a broken synonym list would otherwise make searches silently return nothing."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from generator.config import read_config
from generator.errors import ConfigError

from .tokenize import normalize


class Weights(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: int = Field(ge=1, le=100, description="标题权重")
    keywords: int = Field(ge=1, le=100, description="关键词权重")
    text: int = Field(ge=1, le=100, description="正文权重")
    related: int = Field(2, ge=1, le=100, description="相关条目（专利所属课题、课题的成果）文字的权重")


class SearchConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    synonyms: list[list[str]] = Field(default_factory=list, description="同义词组，第一个为标准写法")
    abbreviations: list[list[str]] = Field(default_factory=list,
                                           description="现场简称：每组第一个为全称，检索时简称换成全称")
    ignore: list[str] = Field(default_factory=list, description="检索时忽略的提问词、角色词")
    terms: list[str] = Field(default_factory=list, description="领域词典补充")
    weights: Weights = Field(description="字段权重")


def load_search_config(root: Path) -> SearchConfig:
    rel = "site_config/search.yml"
    config, src = read_config(root / rel, SearchConfig)
    seen: dict[str, int] = {}
    for i, group in enumerate(config.synonyms):
        line = src.line(("synonyms", i))
        forms = [normalize(term) for term in group]
        if len(group) < 2:
            raise ConfigError(f"{rel}:{line}: 同义词组至少要有两个词：{group}")
        if any(not f or any(c.isspace() for c in f) for f in forms):
            raise ConfigError(f"{rel}:{line}: 同义词不能为空或包含空格：{group}")
        if len(set(forms)) != len(forms):
            raise ConfigError(f"{rel}:{line}: 同一组里有重复的词（全角半角、大小写视为相同）：{group}")
        for form, term in zip(forms, group, strict=True):
            if form in seen:
                raise ConfigError(f"{rel}:{line}: “{term}”已出现在第 {seen[form]} 行的同义词组中，一个词只能属于一组")
            seen[form] = line
    for i, group in enumerate(config.abbreviations):
        line = src.line(("abbreviations", i))
        forms = [normalize(term) for term in group]
        if len(group) < 2 or any(not f or any(c.isspace() for c in f) for f in forms):
            raise ConfigError(f"{rel}:{line}: 简称组要写成 [全称, 简称, …]，词不能为空或包含空格：{group}")
    for i, term in enumerate(config.ignore):
        if not normalize(term).strip():
            raise ConfigError(f"{rel}:{src.line(('ignore', i))}: 忽略词不能为空")
    for i, term in enumerate(config.terms):
        if len(normalize(term)) < 2:
            raise ConfigError(f"{rel}:{src.line(('terms', i))}: 词典词至少两个字：{term!r}")
    return config
