"""The catalogue of everything the validator can report.

Every problem has a stable code (used by CI annotations, tests and the contributor guide),
a severity, the stage that finds it, and a Chinese message template. Checks never raise:
they yield ``Issue`` objects built with :func:`issue`, so one run reports every problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    stage: str
    template: str
    hint: str = ""


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_CODES = [
    # --- syntax: bytes, text and YAML -------------------------------------------------
    Code("encoding-gbk", E, "syntax", "文件不是 UTF-8 编码，看起来是 GBK/GB18030（Windows 记事本等工具的默认编码）",
         "请用编辑器“另存为 UTF-8”，或运行：iconv -f GB18030 -t UTF-8 原文件 > 新文件"),
    Code("encoding-invalid", E, "syntax", "文件不是合法的 UTF-8 文本（第 {byte} 字节无法解码）",
         "请确认这是文本文件，并以 UTF-8 编码保存"),
    Code("file-too-large", E, "syntax", "文件过大：{size} 字节，上限 {limit} 字节",
         "图片等附件请单独存放，不要写进 YAML/Markdown"),
    Code("file-empty", E, "syntax", "文件是空的"),
    Code("file-unexpected", E, "syntax", "不认识的文件位置或扩展名：{detail}",
         "条目应放在 content/ 下对应的目录，扩展名为 .yml 或 .md"),
    Code("invisible-char", E, "syntax", "第 {col} 列有不可见字符 {char}（{name}），会让字段名或取值悄悄变样",
         "删除该字符后重新输入；常见于从网页、微信或 Word 复制的文字"),
    Code("control-escape", E, "syntax", "双引号取值里用反斜杠转义写了控制字符 {char}（{name}），"
         "会在网页、表格或终端里造成乱码，或把文字伪装成别的样子",
         "删除这个转义（如 \\x1b、\\u202e、\\0）；需要换行请改用 | 多行文本"),
    Code("fullwidth-colon", E, "syntax", "字段名后使用了全角冒号“：”，YAML 只认半角冒号“:”",
         "把“{key}：”改成“{key}: ”（半角冒号后加一个空格）"),
    Code("ideographic-space", E, "syntax", "行首使用了全角空格（U+3000）缩进，YAML 会把它当作字段名的一部分",
         "缩进只能用半角空格（两个空格一级），不能用全角空格或 Tab"),
    Code("tab-indent", E, "syntax", "行首使用了 Tab 缩进，YAML 不允许",
         "把 Tab 换成空格（两个空格一级）"),
    Code("fullwidth-space", E, "syntax", "第 {col} 列是全角空格（U+3000），YAML 不把它当作冒号后的空格",
         "删除它，在冒号后输入一个半角空格：{fixed}"),
    Code("nbsp", E, "syntax", "第 {col} 列是不换行空格（U+00A0，常见于从网页或 Word 复制的文字），YAML 不把它当作空格",
         "删除它，重新输入普通空格：{fixed}"),
    Code("dash-no-space", E, "syntax", "列表项的“-”后没有空格（第 {col} 列），YAML 会把它读成以“-”开头的文字",
         "在“-”后加一个半角空格：{fixed}"),
    Code("colon-no-space", E, "syntax", "字段名“{key}”的冒号后没有空格，YAML 会把整行当作一段文字",
         "在冒号后加一个半角空格：{fixed}"),
    Code("flow-list-comma", E, "syntax", "方括号列表 [ ] 中用了“{sep}”分隔（第 {col} 列），YAML 会把它们当作一项：{item}",
         "各项之间用半角逗号加空格分隔：{fixed}；如果确实是一项，给它加引号"),
    Code("frontmatter-missing", E, "syntax", "Markdown 文件缺少开头的 YAML 信息区（--- 开始，--- 结束）",
         "文件第一行应为 ---，随后是字段，再以 --- 单独一行结束，正文写在其后"),
    Code("frontmatter-unclosed", E, "syntax", "YAML 信息区没有结束行 ---", "在字段之后加一行 ---，正文写在其后"),
    Code("yaml-syntax", E, "syntax", "YAML 语法错误：{detail}", "检查这一行及上一行的缩进、冒号和引号是否成对"),
    Code("yaml-unclosed-quote", E, "syntax", "引号未闭合：这一行的取值以{quote}开头，却没有结束的{quote}",
         "在取值末尾补上引号：{fixed}（或去掉开头的引号）"),
    Code("yaml-hash-comment", E, "syntax", "“ #{rest}”被 YAML 当作注释丢掉了：取值在 # 前面就结束了，后面的文字不会进入知识库",
         "给整个取值加引号：{example}（“#1炉”这类写法前面有空格时必须加引号）；若本意是注释，在 # 后加一个空格"),
    Code("yaml-duplicate-key", E, "syntax", "字段“{key}”重复出现（第 {first} 行已有），后一个会覆盖前一个",
         "删除或合并重复的字段"),
    Code("yaml-alias", E, "syntax", "不允许使用 YAML 锚点引用（*{name}）", "请把内容直接写出来"),
    Code("yaml-tag", E, "syntax", "不允许使用 YAML 类型标签 {tag}", "删除标签，直接写值"),
    Code("yaml-too-deep", E, "syntax", "嵌套层级过深（超过 {limit} 层）"),
    Code("yaml-multi-document", E, "syntax", "一个文件只能有一个 YAML 文档（发现多余的 --- 分隔）"),
    Code("yaml-not-mapping", E, "syntax", "文件内容应为“字段: 值”的形式，实际是{found}",
         "每行写成“字段名: 值”，冒号为半角且后跟一个空格"),
    Code("yaml-complex-key", E, "syntax", "字段名必须是简单文字", "字段名不能是列表或对象"),
    # --- schema: fields, types, vocabularies ------------------------------------------
    Code("schema-missing", E, "schema", "缺少必填字段“{field}”（{desc}）"),
    Code("schema-unknown-field", E, "schema", "不认识的字段“{field}”", "{suggest}"),
    Code("schema-type", E, "schema", "字段“{field}”的值类型不对：{detail}"),
    Code("schema-value", E, "schema", "字段“{field}”的值不符合要求：{detail}"),
    Code("schema-vocab", E, "schema", "字段“{field}”的值“{value}”不在允许的取值中",
         "允许的取值：{allowed}（取值表见 site_config/vocabularies.yml）"),
    Code("date-format", E, "schema", "字段“{field}”的日期“{value}”格式不对，应写成 YYYY-MM-DD（如 2022-03-01）",
         "{fix}"),
    Code("date-invalid", E, "schema", "字段“{field}”的日期“{value}”不存在（{detail}）",
         "核对原始记录后改正月或日（月份 1～12，日不超过当月天数），仍写成 YYYY-MM-DD"),
    Code("ref-name", E, "schema", "字段“{field}”要填{kind}的{id_label}，这里写的“{value}”是名称"),
    Code("ref-fullwidth", E, "schema", "字段“{field}”的“{value}”含全角字符（中文输入法打出的字母或数字）",
         "改成半角：{fixed}{suggest}"),
    Code("placeholder", E, "schema", "字段“{field}”还是模板占位内容“{value}”", "请填写真实内容"),
    # --- references --------------------------------------------------------------------
    Code("ref-unknown", E, "references", "字段“{field}”引用的{kind}“{ref}”不存在",
         "{suggest}"),
    Code("id-duplicate", E, "references", "编号“{id}”重复：{other} 也使用了这个编号",
         "每个条目的编号必须唯一，请改用 `qinchuang new` 分配的新编号"),
    Code("id-filename", E, "references", "文件名应与编号一致：编号是“{id}”，文件名却是“{stem}”",
         "把文件改名为 {id}{ext}，或修改 id 字段"),
    Code("year-folder", E, "references", "年份目录是 {folder}，但条目年份是 {year}", "把文件移到 {expected}/ 目录下，或修改 year 字段"),
    Code("id-year", E, "references", "编号 {id} 中的年份是 {id_year}，但条目年份（year）是 {year}",
         "编号、year 字段和年份目录应是同一年：用 qinchuang new <类型> --year {year} 取得该年的编号，或改正 year"),
    Code("ref-repeated", E, "references", "字段“{field}”中“{ref}”重复出现",
         "删除重复的一项；如果本来是另一位（另一项），改成它的编号"),
    Code("ref-mismatch", W, "references", "{detail}"),
    Code("attachment-missing", E, "references", "附件“{ref}”不存在（应放在条目文件旁边）"),
    Code("ref-not-cited", W, "references", "论文列了 {count} 条参考文献，正文却一条也没有引用",
         "在正文引用处写文献序号，如“……已有研究[1]。”“见文献[2-4]”（GB/T 7714 顺序编码制）"),
    Code("ref-field-missing", W, "references", "参考文献（{type} 类）缺少 {missing}，印出的著录项会不完整",
         "按 GB/T 7714—2015 补上 {key}；找不到时可把整条文献写成一行已排好的文字"),
    # --- rules: the seed's own rules -------------------------------------------------------
    Code("date-order", E, "rules", "日期先后不对：{detail}",
         "核对这两个日期，改正写错的那个（课题依次为 申报 → 立项 → 实施 → 完成 → 鉴定）"),
    Code("status-dates", E, "rules", "状态“{status}”与日期不一致：{detail}",
         "按课题的实际进度改 status，或补上 / 删除相应的字段"),
    Code("date-future", E, "rules", "字段“{field}”的日期 {value} 晚于今天",
         "只登记已经发生的事；核对年份是否写错"),
    Code("outcome-missing", E, "rules", "课题已完成，但没有“一题三效”成果（成果鉴定、专利申请、论文撰写至少一项）",
         "在 appraisal 填写鉴定信息，或在 outcomes.patents / outcomes.papers 中登记专利、论文编号"),
    Code("mentor-missing", W, "rules", "课题组没有“师带徒”组合（至少一名导师和一名徒弟）",
         "在 team 中把一位成员的 role 设为 导师、一位青年员工设为 徒弟"),
    Code("team-leader", E, "rules", "课题组应有且只有一名组长（现有 {count} 名）",
         "在 team 中把一位成员的 role 设为 组长，其余改为 成员、导师 或 徒弟"),
    Code("studio-levels", E, "rules", "工作室命名历史不对：{detail}",
         "对照命名文件核对 levels 中每一次命名的级别和日期"),
    Code("patent-number", E, "rules", "专利申请号“{value}”格式不对，应为 年份4位 + 类型1位 + 流水号7位 + . + 校验位，如 2021 2 0123456.7（可不加空格）",
         "对照受理通知书抄写申请号，数字用半角"),
    Code("patent-check-digit", E, "rules", "专利申请号“{value}”的校验位应为 {expected}，请核对号码",
         "对照受理通知书核对前 12 位；若无误，把点号后的校验位改成 {expected}"),
    Code("patent-type", E, "rules", "专利申请号第 5 位是 {digit}（{digit_type}），与专利类型“{type}”不一致"),
    Code("patent-year", E, "rules", "专利申请号的年份 {no_year} 与申请日 {filed} 不一致"),
    Code("patent-status", E, "rules", "专利状态与信息不一致：{detail}",
         "对照专利证书或最近一次通知书，改正 status 或补上相应信息"),
    Code("software-number", E, "rules", "软件著作权登记号“{value}”格式不对，应如 2021SR0123456",
         "对照登记证书抄写：4 位年份 + SR + 6～7 位流水号，不加空格"),
    Code("award-amount", E, "rules", "奖励金额不合理：{detail}", "按奖励文件填写金额，只写数字，单位是元"),
    Code("award-quota", E, "rules", "{year} 年厂级“{category}”{grade}名额为 {quota} 个，这是第 {n} 个",
         "按 qinchuang awards {year} 的排名核对等级；名额在 site_config/rules.yml 的 selection 中"),
    Code("award-ranking", E, "rules", "按评选 {selection} 的专家评分排名，{nominee} 应为“{expected}”，这里记的是“{recorded}”",
         "运行 qinchuang awards {year} 查看排名；评分或等级有误的，改正后再提交"),
    Code("award-mismatch", E, "rules", "与奖励台账不一致：{detail}", "{fix}"),
    Code("award-missing", E, "rules", "按评选 {selection} 的专家评分排名，{n} 项应获奖但奖励台账中没有：{missing}",
         "运行 qinchuang awards {year} --write 写入缺少的奖励条目（已有条目不会被改动）"),
    Code("selection-invalid", E, "rules", "评选有误：{detail}", "{fix}"),
    Code("score-missing", E, "rules", "评审专家 {expert}（{name}）没有交评选 {selection} 的评分表，"
         "而这次评选已有结果（{published}）：排名只按其余专家的分数，无法核对",
         "在 content/scores/{year}/ 中补上 {expert} 的评分表（qinchuang new scoresheet --selection {selection}）；"
         "未参加评审的专家从 experts 中删去"),
    Code("score-conflict", E, "rules", "专家 {expert}（{name}）须回避 {nominee}：{reason}",
         "删除这一条评分；回避的条目由其他专家评分"),
    Code("score-sheet", E, "rules", "评分表有误：{detail}"),
    Code("notice-invalid", E, "rules", "公示有误：{detail}"),
    Code("decision-reason", E, "rules", "评审结论是“不采纳”，但没有写理由（reason）",
         "在 reason 中写明不采纳的理由（会反馈给提出人），如“现用托辊为免维护轴承，无需注油”"),
    Code("decision-project", E, "rules", "{detail}",
         "转为课题的，先用 qinchuang new project 立项，再在 project 中写课题编号；其他结论不写 project"),
    Code("decision-date", E, "rules", "{detail}",
         "有了评审结论就在 decided 写评审日期（YYYY-MM-DD）；还在评审的（待评审）不写 decided"),
    Code("decision-bonus", E, "rules", "评审结论是“{decision}”，却登记了奖金 {bonus} 元：只有采纳或转为课题的才发奖金",
         "核对评审结果：已采纳的把 decision 改为 采纳（并写 decided）；未采纳的删除 bonus"),
    Code("decision-implemented", E, "rules", "评审结论是“{decision}”，却登记了实施情况（implementation）",
         "核对评审结果：已采纳并实施的把 decision 改为 采纳；否则删除 implementation"),
    Code("anthology-selection", E, "rules", "论文集选编有误：{detail}",
         "改正 sections 中这一行的论文编号，或删除这一行"),
    # --- the 经济效益 ledger, uses, changes and follow-up (generator/validation/ledger.py, followup.py)
    Code("benefit-amount", E, "rules", "经济效益金额应大于 0，这里是 {value}",
         "只登记确有的效益；成本增加或没有效益的不要写成负数或 0，删去这一条"),
    Code("benefit-unit", E, "rules", "经济效益的单位“{unit}”与类别“{type}”不符：{detail}", "{fix}"),
    Code("benefit-magnitude", W, "rules", "金额 {value} {unit} 看起来单位写错了：{detail}", "{fix}"),
    Code("benefit-method", E, "rules", "{detail}没有写测算方法（method）",
         "写出“数量 × 单价 = 金额”，每个数注明来源，如：年节约标煤 420 吨（燃料分场台账）× 900 元/吨 = 37.8 万元"),
    Code("benefit-conversion", W, "rules", "测算方法没有说明金额是怎么算出来的：{detail}",
         "由实物量（次数、吨、小时）折算成金额时，写出单价及其来源，如 × 900 元/吨（2022 年入厂标煤单价）"),
    Code("benefit-period", E, "rules", "经济效益的期间有误：{detail}", "{fix}"),
    Code("benefit-before-start", E, "rules", "效益期间从 {start} 开始，早于课题{what} {began}",
         "效益只能从课题实施以后算起：改正 period.start，或核对课题的日期"),
    Code("benefit-share", W, "rules", "课题{year}的经济效益合计 {total} 万元，超过企业{label}（{size} 万元）的 {share}",
         "{fix}"),
    Code("benefit-duplicate", E, "rules", "同一项效益重复计算：{detail}",
         "删除重复的一条；若确是两项不同的效益，在 method 中写清各自的来源"),
    Code("benefit-confirmed", W, "rules", "核实日期 {confirmed} 早于效益期间的截止日期 {end}：期间尚未结束的效益不能核实",
         "期间结束后再核实；或把期间截止日期改为核实时已经发生的日期"),
    Code("use-invalid", E, "rules", "推广应用记录有误：{detail}", "{fix}"),
    Code("change-invalid", E, "rules", "延期 / 变更 / 终止记录有误：{detail}", "{fix}"),
    Code("termination-reason", E, "rules", "课题已终止，但没有写终止原因",
         "在 changes 中加一条：- {{type: 终止, date: {date}, reason: 终止的原因}}"),
    Code("project-stalled", W, "rules", "课题已 {months} 个月没有进展记录（{last}，数据截至 {ref}）",
         "在 progress 中补记最近的进展；暂停的课题登记延期（changes 中 type: 延期，写明原因和新的计划完成日期），"
         "不再进行的登记终止"),
    Code("project-overdue", W, "rules", "课题的计划完成日期 {end} 已过 {days} 天，仍未完成（数据截至 {ref}）{assumed}",
         "已完成的改 status 并写 completed；未完成的在 changes 中登记延期（type: 延期，reason 原因，new_end 新的计划完成日期）"),
    Code("progress-after-end", W, "rules", "进展记录 {date} 晚于课题{what}日期 {end}",
         "{what}后的事不再记进展：推广应用记在 uses，效益记在 benefits；日期写错的改正"),
    Code("studio-application", E, "rules", "工作室申报记录有误：{detail}", "{fix}"),
    # --- targets ---------------------------------------------------------------------------
    Code("target-split", E, "targets", "{year} 年“{metric}”各分基地目标之和 {sum} 与总目标 {total} 不一致",
         "对照年度目标文件，改正 total 或 by_base 中写错的那个数"),
    Code("target-progress", INFO, "targets", "{year} 年“{metric}”：完成 {actual} / 目标 {target}{gap}"),
    Code("target-base-progress", INFO, "targets", "{year} 年 {base}“{metric}”：完成 {actual} / 目标 {target}{gap}"),
    # --- content safety and privacy ------------------------------------------------------
    Code("unsafe-html", E, "safety", "正文中有原始 HTML 标签 {tag}，门户不会显示它",
         "请用 Markdown 语法书写（表格、图片、公式都有对应写法），不要直接写 HTML"),
    Code("unsafe-link", E, "safety", "链接使用了不安全的协议：{value}", "只允许 http(s)、mailto 或知识库内的相对路径"),
    Code("unsafe-attr", E, "safety", "正文属性中含有事件或样式脚本 {value}", "删除 {{: …}} 中的 on… 属性"),
    Code("html-in-text", E, "safety", "字段“{field}”是纯文本，不能包含 HTML 字符 {chars}",
         "标题、姓名等纯文本字段里请不要写 < > 等尖括号，可改用中文书名号《》或全角符号"),
    Code("pii-id-number", E, "safety", "疑似居民身份证号码（{masked}），知识库不得公开个人身份证号",
         "删除该号码；人员只用工号标识"),
    Code("pii-mobile", E, "safety", "疑似手机号码（{masked}），知识库不得公开个人联系方式",
         "删除该号码；联系人只写工号或姓名"),
    Code("pii-phone", E, "safety", "疑似固定电话号码（{masked}），知识库不得公开个人联系方式",
         "删除该号码；需要联系时写联系人工号或部门"),
    Code("markdown-too-deep", E, "safety", "正文的列表或引用嵌套过深，无法生成页面",
         "列表、引用（>）最多嵌套几层即可；请检查是否误把大量行都缩进了"),
    Code("unsafe-svg", E, "safety", "SVG 图片不安全：{detail}，门户不会发布它",
         "请用绘图软件重新导出为普通 SVG（不含脚本、链接、动画、外部图片），或改用 PNG"),
    Code("image-outside", E, "safety", "图片“{value}”不在知识库内", "图片请放在条目文件旁边，用相对路径引用"),
]

CATALOGUE: dict[str, Code] = {c.code: c for c in _CODES}


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    path: str  # relative to the knowledge-base root, POSIX separators
    line: int  # 1-based; 0 = the file as a whole
    field: str
    message: str
    hint: str = ""

    @property
    def stage(self) -> str:
        return CATALOGUE[self.code].stage

    def sort_key(self):
        # by place only: the order checks found things in a line is kept (sort is stable)
        return (self.path, self.line)


class _SafeDict(dict):
    def __missing__(self, key):  # a template field we forgot to pass must not crash a report
        return "{" + key + "}"


# a value quoted from a file keeps the report one line per problem: its line breaks and tabs are
# written as escapes (\n, \t); the other invisible characters are escaped where a report is shown
# (loading.text.terminal_safe), which leaves our own multi-line messages alone
_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _shown(value):
    return value.translate(_BREAKS) if isinstance(value, str) else value


def issue(code: str, path: str, line: int = 0, field: str = "", hint: str = "", **params) -> Issue:
    """``hint``, when given, replaces the catalogue's hint (a fix worked out for this very value)."""
    spec = CATALOGUE[code]
    values = _SafeDict(field=field, **{name: _shown(value) for name, value in params.items()})
    return Issue(
        code=code,
        severity=spec.severity,
        path=path,
        line=line,
        field=field,
        message=spec.template.format_map(values),
        hint=hint or (spec.hint.format_map(values) if spec.hint else ""),
    )
