"""论文（Markdown 正文为全文）与年度论文集《秦电创新科技》的选编。"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .common import (
    PAPER_ID,
    BaseRef,
    Entry,
    IsoDate,
    Keyword,
    Model,
    PaperRef,
    PersonOrExternal,
    ProjectRef,
    ShortText,
    Text,
    Year,
    person_refs,
    vocab,
)


class Publication(Model):
    """公开发表信息（可选）。"""

    journal: ShortText = Field(description="期刊或会议名称")
    year: Year = Field(description="发表年份")
    volume: ShortText | None = Field(None, description="卷")
    issue: ShortText | None = Field(None, description="期")
    pages: ShortText | None = Field(None, description="页码，如 45-48")
    date: IsoDate | None = Field(None, description="发表日期")


class Reference(Model):
    """一条参考文献（按 GB/T 7714 著录）。"""

    type: vocab("reference_type") = Field(description="文献类型标识：J 期刊、M 专著、C 论文集、D 学位论文、S 标准、P 专利、R 报告、EB/OL 电子资源")
    authors: list[ShortText] = Field(default_factory=list, description="责任者（作者）列表，按原文顺序")
    title: ShortText = Field(description="题名")
    container: ShortText | None = Field(None, description="刊名、论文集名或报纸名（专著、报告的出版者也可写在这里）")
    publisher: ShortText | None = Field(None, description="出版者（专著、论文集、报告、学位论文的保存单位）")
    place: ShortText | None = Field(None, description="出版地（专著、论文集）")
    year: int | None = Field(None, ge=1800, le=2100, description="出版年")
    volume: ShortText | None = Field(None, description="卷")
    issue: ShortText | None = Field(None, description="期")
    pages: ShortText | None = Field(None, description="页码")
    number: ShortText | None = Field(None, description="标准号、专利号或报告号")
    url: Annotated[str, StringConstraints(pattern=r"^https?://")] | None = Field(
        None, description="网址（电子资源）")
    accessed: IsoDate | None = Field(None, description="引用日期（电子资源必填），如 2021-05-12")


class Paper(Entry):
    """论文：信息区写题名、作者、摘要等，正文写全文（标题、表格、公式、图片）。"""

    id: str = Field(pattern=PAPER_ID, description="论文编号，如 LW-2021-003（与文件名一致）")
    title: ShortText = Field(description="论文题目")
    authors: list[PersonOrExternal] = Field(min_length=1, description="作者：本厂人员写工号；厂外作者写 {name: 姓名, org: 单位}")
    base: BaseRef = Field(description="所属分基地编号")
    project: ProjectRef | None = Field(None, description="所属课题编号（可选）")
    year: Year = Field(description="撰写年度（与所在年份目录一致）")
    abstract: Text = Field(description="摘要")
    keywords: list[Keyword] = Field(min_length=1, description="关键词，3～8 个")
    discipline: vocab("discipline") = Field(description="专业：锅炉、汽机、电气、热控、化学、燃料、环保、管理……")
    published: Publication | None = Field(None, description="公开发表信息（可选）")
    references: list[Reference | Text] = Field(default_factory=list, description="参考文献：结构化条目，或一行已按 GB/T 7714 写好的文字")
    award: vocab("award_grade") | None = Field(None, description="厂内论文评奖等级（可选）")

    def refs(self):
        yield from person_refs("authors", self.authors)
        yield ("base",), "base", self.base
        if self.project:
            yield ("project",), "project", self.project


class BoardMember(Model):
    """编委会的一个职务及人选。"""

    role: ShortText = Field(description="职务，如 主任、副主任、主编、委员")
    people: list[PersonOrExternal] = Field(min_length=1, description="人员工号（厂外人员写 {name, org}）")


class Section(Model):
    """论文集的一个栏目。"""

    title: ShortText = Field(description="栏目名称，如 锅炉与燃烧")
    papers: list[PaperRef] = Field(min_length=1, description="本栏目收录的论文编号，按排印顺序")


class Anthology(Entry):
    """年度论文集《秦电创新科技》的选编文件 content/anthology/<年份>.yml。"""

    id: str = Field(pattern=r"^[0-9]{4}$", description="年份，与文件名一致，如 2021")
    year: Year = Field(description="收录年度")
    title: ShortText = Field(description="书名，如 秦电创新科技")
    volume: ShortText = Field(description="卷次，如 2021年卷")
    board: list[BoardMember] = Field(min_length=1, description="编委会")
    preface: Text = Field(description="序（Markdown）")
    sections: list[Section] = Field(min_length=1, description="栏目，按排印顺序")
    other_years: list[PaperRef] = Field(default_factory=list, description="特许收录的其他年度论文编号")
    copies: int | None = Field(None, ge=1, description="印数（册）")
    permit: ShortText | None = Field(None, description="准印证号（内部资料准印证），印在版权页")
    printer: ShortText | None = Field(None, description="印刷单位，印在版权页")
    printed: IsoDate | None = Field(None, description="印刷日期，印在版权页")
    preface_by: ShortText | None = Field(None, description="序的署名，默认“编委会”")
    preface_date: IsoDate | None = Field(None, description="序的落款日期")

    def refs(self):
        for i, member in enumerate(self.board):
            for j, who in enumerate(member.people):
                if isinstance(who, str):
                    yield ("board", i, "people", j), "person", who
        for i, section in enumerate(self.sections):
            for j, paper in enumerate(section.papers):
                yield ("sections", i, "papers", j), "paper", paper
        for i, paper in enumerate(self.other_years):
            yield ("other_years", i), "paper", paper
