"""Command line: a thin layer over library functions.

Exit codes: 0 = clean (warnings allowed), 1 = the knowledge base has errors,
2 = usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import atexit
import errno
import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from generator.errors import QinchuangError, UsageError

FORMAT_CHOICES = ["human", "json", "gitlab", "github"]


def _root(args) -> Path:
    return Path(args.root).resolve()


def cmd_validate(args) -> int:
    from generator.validation.output import FORMATS, human

    root = _root(args)
    rels = None
    if args.only or args.changed:
        from generator.contribute.changed import changed_files, checked_paths

        rels = checked_paths(root, args.only) if args.only else set()  # before the work: a wrong path is exit 2
        if args.changed:
            rels |= changed_files(root, args.changed)
    report = _validated(root, rels)
    if rels is not None:  # the whole knowledge base was checked (references need it): report the change
        from generator.contribute.changed import restrict

        report = restrict(report, rels, root)
    if args.format == "human":
        colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                            and "NO_COLOR" not in os.environ)
        text = human(report, colour=colour, verbose=args.verbose)
    else:
        text = FORMATS[args.format](report)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"报告已写入 {args.output}：错误 {report.errors} 个，警告 {report.warnings} 个")
    else:
        sys.stdout.write(text)
    failed = report.errors or (args.strict and report.warnings)
    return 1 if failed else 0


def _validated(root: Path, rels: set[str] | None):
    """The report: for ``rels`` (--only / --changed) from the cache when it can answer, else a full
    validation that refreshes build/validate-cache.sqlite (generator/validation/incremental.py).
    The cache is used only in a git checkout's root (not in test or scratch folders)."""
    from datetime import date

    from generator.validation import incremental

    today = date.today()
    use = (root / ".git").exists() and not os.environ.get("QINCHUANG_NO_CACHE")
    if use and rels is not None:
        report = incremental.only(root, rels, today)
        if report is not None:
            return report
    return incremental.full(root, today, use_cache=use)


def cmd_stats(args) -> int:
    from generator.errors import ContentError
    from generator.kb.figures import compute_stats
    from generator.kb.ledger import benefit_summary
    from generator.validation import validate

    result = validate(_root(args))
    if not result.report.ok:
        with _validator_messages():
            raise ContentError(f"知识库有 {result.report.errors} 个错误，统计数字不可信：请按上面的说明修正后再运行 qinchuang validate 确认",
                               result.report)
    s = compute_stats(result.kb)
    rate = f"{s.participation:.1%}" if s.participation is not None else "—"
    rows = [
        ("统计年度", "、".join(map(str, s.years)) or "—"),
        ("分基地", s.bases),
        ("创新工作室", f"{s.studios}（市级及以上 {s.studios_city_or_above}）"),
        ("立项课题", f"{s.projects_approved}（不含立项后终止的 {s.projects_terminated} 项；立项共 "
                     f"{s.projects_approved + s.projects_terminated} 项）" if s.projects_terminated else s.projects_approved),
        ("完成课题", s.projects_completed),
        ("申报专利", s.patents),
        ("撰写论文", s.papers),
        ("软件著作权", s.software),
        ("参与职工", f"{s.participants} 人（各年累计）/ 职工 {s.headcount or '—'} 人，累计参与率 {rate}"
                     + "".join(f"；{y} 年 {n} 人，参与率 {r:.1%}" for y, (n, _, r) in s.participation_by_year.items()
                               if r is not None)),
        ("师带徒组合", s.mentor_pairs),
        ("基地奖励", f"{s.plant_awards_yuan:,} 元（{s.plant_awards_yuan / 10000:g} 万元）"),
        ("经济效益", benefit_summary(result.kb)),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:\u3000<{width}}  {value}")
    for year, figures in s.by_year.items():
        print(f"{year} 年：" + "，".join(f"{k} {v:,}" for k, v in figures.items()))
    return 0


def cmd_schema(args) -> int:
    from generator.config import load_config
    from generator.schema_export import VSCODE_SETTINGS, export_schemas, update_vscode

    root = _root(args)
    folder = Path(args.out) if args.out else root / "site_config" / "schema"
    paths = export_schemas(load_config(root), folder)
    print(f"已导出 {len(paths)} 个 JSON Schema 到 {folder}")
    if not args.out and update_vscode(root):
        print(f"已更新 {VSCODE_SETTINGS} 中各类条目对应的 JSON Schema")
    return 0


def cmd_new(args) -> int:
    from generator.config import load_config
    from generator.scaffold import scaffold

    root = _root(args)
    rel, text = scaffold(root, load_config(root), args.type, year=args.year, selection=args.selection)
    if args.stdout:
        sys.stdout.write(text)
        return 0
    path = root / rel
    if path.exists():
        raise QinchuangError(f"{rel} 已存在，未覆盖")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"已创建 {rel}\n请把其中的“【待填写】”换成真实内容，然后运行：qinchuang validate")
    return 0


def cmd_anthology(args) -> int:
    from generator.anthology import PageSetup, build_anthology

    out = Path(args.out).resolve() if args.out else None
    setup = PageSetup(size=args.size, bleed_mm=args.bleed, crop_marks=args.crop_marks, pdf_a=args.pdf_a)
    with _validator_messages():
        result = build_anthology(_root(args), args.year, out, setup)
    for note in result.notes:
        print(note)
    print(f"已生成 {result.path}：{result.papers} 篇论文，{result.pages} 页，用时 {result.seconds:.1f} 秒")
    return 0


def cmd_similar(args) -> int:
    import time

    from generator.contribute.similar import render, similar_projects
    from generator.validation import validate

    result = validate(_root(args))
    started = time.perf_counter()
    found = similar_projects(result.kb, args.ids or None, args.threshold)
    sys.stdout.write(render(found, result.kb))
    checked = len(args.ids) if args.ids else len(result.kb.projects)
    print(f"查重：检查 {checked} 项课题（共 {len(result.kb.projects)} 项），{len(found)} 项有相似课题，"
          f"阈值 {args.threshold:.2f}，用时 {time.perf_counter() - started:.2f} 秒")
    return 0


def cmd_changes(args) -> int:
    from generator.contribute.changes import summarize

    text, ok = summarize(_root(args), args.since, args.threshold)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"改动摘要已写入 {args.output}")
    else:
        sys.stdout.write(text)
    return 0 if ok else 1  # errors in the change fail the CI job (the summary is written first)


def cmd_guide(args) -> int:
    from generator.config import load_config
    from generator.contribute.guide import update

    root = _root(args)
    path, fresh = update(root, load_config(root), check=args.check)
    if args.check and not fresh:
        print(f"{path} 已过期：请运行 qinchuang guide 重新生成并提交", file=sys.stderr)
        return 1
    print(f"{path} 是最新的" if fresh else f"已更新 {path}")
    return 0


def cmd_doctor(args) -> int:
    from generator.contribute.doctor import render, run_checks

    text, code = render(run_checks())
    sys.stdout.write(text)
    return code


def cmd_build(args) -> int:
    from generator.site.build import Progress, build_site

    out = Path(args.out).resolve() if args.out else None
    keep_docs = Path(args.keep_docs).resolve() if args.keep_docs else None
    with _validator_messages():
        build_site(_root(args), out=out, progress=Progress(enabled=not args.quiet), pdf=not args.no_pdf,
                   keep_docs=keep_docs)
    return 0


@contextmanager
def _validator_messages():
    """A command refused for content errors shows them as `validate` does: file, line, hint."""
    from generator.errors import ContentError

    try:
        yield
    except ContentError as exc:
        if exc.report is not None and not exc.report.ok:
            from generator.validation.output import human
            sys.stdout.write(human(exc.report, colour=False))
        raise


def cmd_awards(args) -> int:
    from generator.awards.report import awards_report
    from generator.errors import ContentError

    try:
        result = awards_report(_root(args), args.year, write=args.write)
    except ContentError as exc:
        if exc.report is not None:
            from generator.validation.output import human
            sys.stdout.write(human(exc.report, colour=False))
        raise
    sys.stdout.write(result.text)
    return 0 if result.consistent else 1


def _valid_kb(args):
    from generator.errors import ContentError
    from generator.validation import validate

    result = validate(_root(args))
    if not result.report.ok:
        raise ContentError(f"知识库有 {result.report.errors} 个错误：请先运行 qinchuang validate 并修正")
    return result.kb


def _day(text: str | None):
    from datetime import date

    if text is None:
        return None
    import re

    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise UsageError(f"日期“{text}”应写成 YYYY-MM-DD，如 2021-01-01")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"日期“{text}”不存在（月份 01–12，日子不超过当月天数）") from None


def cmd_dossier(args) -> int:
    from generator.reports.dossier import dossier, write_docx, write_xlsx

    start, end = _day(args.start), _day(args.end)
    if start and end and start > end:
        raise UsageError(f"--from {start} 晚于 --to {end}：起始日期应在截止日期之前")
    d = dossier(_valid_kb(args), args.person, start, end)
    out = Path(args.out) if args.out else _root(args) / "build" / "reports"
    stem = f"个人创新档案-{d.person_id}"
    written = []
    if args.format in ("docx", "both"):
        written.append(write_docx(d, out / f"{stem}.docx"))
    if args.format in ("xlsx", "both"):
        written.append(write_xlsx(d, out / f"{stem}.xlsx"))
    counts = "，".join(f"{s.title} {len(s.rows)}" for s in d.sections)
    print(f"{d.name}（{d.person_id}），{d.period}：{counts}")
    for path in written:
        print(f"已生成 {path}")
    return 0


def cmd_pack(args) -> int:
    from generator.reports.packs import TEMPLATES, write_pack

    kb = _valid_kb(args)
    label = TEMPLATES[args.type][0]
    out = Path(args.out) if args.out else _root(args) / "build" / "reports" / f"{label}-{args.project}.docx"
    path, missing = write_pack(kb, args.project, args.type, out)
    print(f"已生成 {path}")
    if missing:
        print(f"待作者补充的部分（文中以黄色“【待补充】”标出）：{'、'.join(missing)}")
    return 0


def cmd_serve(args) -> int:
    from generator.site.serve import serve

    return serve(_root(args), Path(args.out).resolve() if args.out else None, args.port)


def cmd_deploy(args) -> int:
    from generator.deploy import deploy

    deploy(Path(args.site), args.target, keep=args.keep, ssh=args.ssh)
    return 0


def cmd_rollback(args) -> int:
    from generator.deploy import rollback

    rollback(args.target, to=args.to, ssh=args.ssh)
    return 0


def cmd_import(args) -> int:
    from generator.importing import commands

    common = {"dry_run": args.dry_run, "update": args.update}
    if args.what == "paper":
        text, code = commands.import_paper(_root(args), Path(args.file), year=args.year, project=args.project,
                                           discipline=args.discipline, base=args.base, **common)
    else:
        text, code = commands.import_ledger(_root(args), Path(args.file), kind=args.kind,
                                            mapping=args.mapping, sheet=args.sheet, **common)
    sys.stdout.write(text)
    return code


def _with_parents(sub, common: argparse.ArgumentParser):
    """Every parser that ``sub`` adds also takes ``common``'s options (--root)."""
    add = sub.add_parser

    def add_parser(name, **kwargs):
        return add(name, parents=[*kwargs.pop("parents", []), common], **kwargs)

    sub.add_parser = add_parser
    return sub


def build_parser() -> argparse.ArgumentParser:
    from generator.models import KINDS

    parser = argparse.ArgumentParser(prog="qinchuang", description="秦创：劳模和工匠人才创新工作基地知识库工具")
    root_help = "知识库根目录（含 content/ 与 site_config/），默认当前目录"
    parser.add_argument("--root", default=".", help=root_help)
    # --root after the command name too (qinchuang validate --root X): SUPPRESS keeps the value
    # given before the command when it is not repeated after it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS, help=root_help)
    sub = _with_parents(parser.add_subparsers(dest="command", required=True, metavar="命令"), common)

    p = sub.add_parser("validate", help="校验知识库：格式、字段、引用、规则、目标、内容安全")
    p.add_argument("path", nargs="?", help="知识库根目录（与 --root 相同）")
    p.add_argument("--format", choices=FORMAT_CHOICES, default="human", help="输出格式")
    p.add_argument("--output", help="把报告写入文件（如 gl-code-quality-report.json）")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="彩色输出")
    p.add_argument("--verbose", action="store_true", help="同时显示提示（年度目标进度等）")
    p.add_argument("--strict", action="store_true", help="有警告也算不通过")
    p.add_argument("--only", nargs="+", metavar="文件", help="只报告这些文件自己的问题；供 pre-commit 使用")
    p.add_argument("--changed", nargs="?", const="HEAD", metavar="git版本",
                   help="只报告相对 git 版本（默认 HEAD）改动过的文件的问题")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="打印基地主要数字（立项、完成、专利、论文、参与率、奖励……）")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("schema", help="导出各类条目的 JSON Schema 到 site_config/schema/")
    p.add_argument("--out", help="导出目录")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("new", help="新建条目：分配下一个编号，生成带中文说明的模板")
    p.add_argument("type", choices=list(KINDS), metavar="类型", help="、".join(KINDS))
    p.add_argument("--year", type=int, metavar="YYYY", help="条目年度（编号中的年份、year 字段、年份目录），默认今年")
    p.add_argument("--selection", metavar="PX-YYYY-NNN",
                   help="评分表（scoresheet）属于哪次评选，默认 --year 年（未写则全部）中最新的评选")
    p.add_argument("--stdout", action="store_true", help="只打印，不写文件")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("anthology", help="排印年度论文集《秦电创新科技》的印刷版 PDF")
    p.add_argument("year", type=int, help="年度，如 2021（读取 content/anthology/<年度>.yml）")
    p.add_argument("--size", choices=["16k", "a4"], default="16k", help="开本：16k（185×260 mm，默认）或 a4")
    p.add_argument("--bleed", type=float, default=0.0, metavar="MM", help="出血（毫米），默认 0")
    p.add_argument("--crop-marks", action="store_true", help="加裁切线（画在出血之外）")
    p.add_argument("--pdf-a", action="store_true", help="输出 PDF/A-2b（存档用）")
    p.add_argument("--out", help="输出文件，默认 build/anthology/秦电创新科技-<年度>.pdf")
    p.set_defaults(func=cmd_anthology)

    p = sub.add_parser("similar", help="查重：列出与指定课题（默认全部）题目或内容相似的课题")
    p.add_argument("ids", nargs="*", metavar="课题编号", help="要查重的课题编号；不写则两两比较全部课题")
    p.add_argument("--threshold", type=float, default=0.5, help="相似度阈值 0～1，默认 0.5")
    p.set_defaults(func=cmd_similar)

    p = sub.add_parser("changes", help="生成改动摘要（Markdown，供合并请求审核）：新增/修改了什么、校验、查重、目标进度")
    p.add_argument("--since", default="HEAD", metavar="git版本", help="与哪个版本比较，如 origin/main（默认 HEAD）")
    p.add_argument("--threshold", type=float, default=0.5, help="查重相似度阈值，默认 0.5")
    p.add_argument("--output", help="写入文件而不是打印")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("guide", help="根据字段定义和问题代码重新生成 docs/贡献指南.md 中的表格")
    p.add_argument("--check", action="store_true", help="只检查是否最新，过期则以 1 退出")
    p.set_defaults(func=cmd_guide)

    p = sub.add_parser("doctor", help="检查本机环境（Python 包、中文字体、浏览器……），并说明如何补齐")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("build", help="生成门户网站：校验 → 生成页面 → Material 渲染 → 安全检查 → 原子发布")
    p.add_argument("--out", help="发布目录，默认 site/")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.add_argument("--no-pdf", action="store_true", help="不排印论文集 PDF（快速预览用）")
    p.add_argument("--keep-docs", metavar="目录", help="另把生成的 Markdown 文档树写入该目录（排查问题用；构建本身不写文档树）")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("awards", help="年度评奖：按专家评分表排名、授予等级，并与奖励台账核对")
    p.add_argument("year", type=int, help="年度，如 2022（读取 content/selections/<年度>/ 与 content/scores/<年度>/）")
    p.add_argument("--write", action="store_true", help="把台账中缺少的获奖条目写入 content/awards/")
    p.set_defaults(func=cmd_awards)

    p = sub.add_parser("dossier", help="个人创新档案（专家评定用）：课题、专利、论文、软著、奖励，导出 .docx 与 .xlsx")
    p.add_argument("person", metavar="工号", help="人员工号，如 QD10001")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="统计起始日期")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="统计截止日期")
    p.add_argument("--format", choices=["docx", "xlsx", "both"], default="both", help="导出格式，默认两种都导出")
    p.add_argument("--out", help="输出目录，默认 build/reports/")
    p.set_defaults(func=cmd_dossier)

    p = sub.add_parser("pack", help="课题的申报材料 .docx：QC成果申报（--type qc）或科技成果申报（--type tech）")
    p.add_argument("project", metavar="课题编号", help="如 KT-2022-013")
    p.add_argument("--type", choices=["qc", "tech"], default="qc", help="qc：QC成果申报（默认）；tech：科技成果申报")
    p.add_argument("--out", help="输出文件，默认 build/reports/<类型>-<课题编号>.docx")
    p.set_defaults(func=cmd_pack)

    p = sub.add_parser("import", help="导入已有的 Word 论文（paper）或 Excel 台账（ledger），生成条目并校验")
    what = _with_parents(p.add_subparsers(dest="what", required=True, metavar="来源"), common)
    for name, help_text in (("paper", "Word 论文（.docx）→ content/papers/<年度>/LW-….md 及图片目录"),
                            ("ledger", "Excel 台账（.xlsx）→ 每行一个条目（按 site_config/import/ 中的列对应表）")):
        q = what.add_parser(name, help=help_text)
        q.add_argument("file", metavar="文件", help="要导入的 .docx" if name == "paper" else "要导入的 .xlsx")
        q.add_argument("--dry-run", action="store_true", help="只显示将写入什么并校验，不写文件")
        q.add_argument("--update", action="store_true", help="允许覆盖已存在的条目文件")
        q.set_defaults(func=cmd_import)
        if name == "paper":
            q.add_argument("--year", type=int, help="撰写年度（默认取课题的年度，否则今年）")
            q.add_argument("--project", metavar="KT-…", help="所属课题编号")
            q.add_argument("--discipline", metavar="专业", help="专业（默认按分基地推断）")
            q.add_argument("--base", metavar="分基地", help="所属分基地（默认取课题的，或第一位本厂作者的）")
        else:
            q.add_argument("--kind", metavar="类型", help="条目类型：project、person、patent、award、software……（默认按工作表名称识别）")
            q.add_argument("--mapping", metavar="M", help="列对应表：site_config/import/ 中的名称或一个 .yml 文件")
            q.add_argument("--sheet", metavar="工作表", help="只导入这个工作表")

    p = sub.add_parser("serve", help="本机实时预览（http://127.0.0.1:8000/）：修改内容后自动重新生成并刷新页面")
    p.add_argument("--out", help="预览网站的目录，默认 build/serve/（不是发布目录 site/）")
    p.add_argument("--port", type=int, default=8000, help="端口")
    p.set_defaults(func=cmd_serve)

    ssh_help = "ssh 命令（默认环境变量 QINCHUANG_SSH 或 ssh），如 \"ssh -p 2222 -i ~/.ssh/deploy\""
    p = sub.add_parser("deploy", help="发布到内网 Web 服务器：上传到新版本目录，再原子切换 current（保留最近 N 版）")
    p.add_argument("target", metavar="目标", help="如 deploy@web01:/srv/qinchuang（或本机绝对路径）")
    p.add_argument("--site", default="site", help="要发布的网站目录，默认 site/")
    p.add_argument("--keep", type=int, default=5, help="保留最近几个版本，默认 5")
    p.add_argument("--ssh", help=ssh_help)
    p.set_defaults(func=cmd_deploy)
    p = sub.add_parser("rollback", help="回退到上一个已发布版本（或 --to 指定的版本）")
    p.add_argument("target", metavar="目标", help="与 deploy 相同")
    p.add_argument("--to", metavar="版本", help="版本目录名（见 releases/），默认当前版本的前一个")
    p.add_argument("--ssh", help=ssh_help)
    p.set_defaults(func=cmd_rollback)
    return parser


def _terminated(signum, frame):
    raise KeyboardInterrupt  # a CI cancel (SIGTERM) cleans up exactly like Ctrl-C


DISK_ERRORS = {errno.ENOSPC: "磁盘已满", errno.EDQUOT: "磁盘配额已满", errno.EROFS: "输出位置是只读的",
               errno.EFBIG: "文件超过允许的大小（ulimit -f）", errno.EACCES: "没有读写权限",
               errno.EPERM: "没有读写权限"}


def main(argv: list[str] | None = None) -> int:
    return _dispatch(build_parser().parse_args(argv))


def run() -> NoReturn:
    """The console script and ``python -m generator``: `main`, then the process ends.

    After a build the heap holds the knowledge base and its pages (~500 MB at 10k entries),
    and the interpreter's teardown frees it object by object: 0.3–0.4 s after the site is
    published (measured 2026-12-01). A build finishes everything it starts inside the command
    (children joined, every file written in a ``with`` and closed, temporary folders removed
    by theirs), so its process ends at once: streams flushed and exit handlers run first,
    only the teardown is skipped. Other commands end the usual way."""
    args = build_parser().parse_args()
    code = _dispatch(args)
    if getattr(args, "func", None) is cmd_build:
        sys.stdout.flush()
        sys.stderr.flush()
        atexit._run_exitfuncs()  # what exit would run (multiprocessing, logging), in its order
        os._exit(code)
    sys.exit(code)


def _dispatch(args) -> int:
    if getattr(args, "path", None):
        args.root = args.path
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    try:
        return args.func(args)
    except QinchuangError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 2
    except OSError as exc:
        if exc.errno not in DISK_ERRORS:
            return _internal(exc)
        out = getattr(args, "out", None)
        where = exc.filename2 or exc.filename or (f"输出目录 {out}" if out else "输出目录")  # copies: filename is the source
        print(f"错误：写入 {where} 失败：{DISK_ERRORS[exc.errno]}（{exc.strerror}）。已发布的网站保持不变；"
              f"请清理磁盘空间或检查目录权限后重试。", file=sys.stderr)
        return 2
    except SystemExit:
        raise
    except BaseException as exc:  # an internal error (even a Rust panic from nh3) says what to do, no traceback
        return _internal(exc)


def _internal(exc: BaseException) -> int:
    print(f"内部错误（{type(exc).__name__}: {exc}）。请把这条信息和所用命令报告给维护人员；"
          f"设置环境变量 QINCHUANG_DEBUG=1 可显示详细信息。", file=sys.stderr)
    if os.environ.get("QINCHUANG_DEBUG"):
        raise exc
    return 2


if __name__ == "__main__":
    run()
