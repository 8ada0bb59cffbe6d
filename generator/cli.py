"""Command line: a thin layer over library functions.

Exit codes: 0 = clean (warnings allowed), 1 = the knowledge base has errors,
2 = usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.errors import QinchuangError

FORMAT_CHOICES = ["human", "json", "gitlab", "github"]


def _root(args) -> Path:
    return Path(args.root).resolve()


def cmd_validate(args) -> int:
    from generator.validation import validate
    from generator.validation.output import FORMATS, human

    result = validate(_root(args))
    report = result.report
    if args.only or args.changed:  # full load (references need it), report only the change
        from generator.contribute.changed import changed_files, relative_paths, restrict

        rels = relative_paths(_root(args), args.only or [])
        report = restrict(report, rels | (changed_files(_root(args), args.changed) if args.changed else set()))
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


def cmd_stats(args) -> int:
    from generator.errors import ContentError
    from generator.kb.figures import compute_stats
    from generator.validation import validate

    result = validate(_root(args))
    if not result.report.ok:
        raise ContentError(f"知识库有 {result.report.errors} 个错误，统计数字不可信：请先运行 qinchuang validate 并修正")
    s = compute_stats(result.kb)
    rate = f"{s.participation:.1%}" if s.participation is not None else "—"
    rows = [
        ("统计年度", "、".join(map(str, s.years)) or "—"),
        ("分基地", s.bases),
        ("创新工作室", f"{s.studios}（市级及以上 {s.studios_city_or_above}）"),
        ("立项课题", s.projects_approved),
        ("完成课题", s.projects_completed),
        ("申报专利", s.patents),
        ("撰写论文", s.papers),
        ("软件著作权", s.software),
        ("参与职工", f"{s.participants} 人 / 职工 {s.headcount or '—'} 人，参与率 {rate}"),
        ("师带徒组合", s.mentor_pairs),
        ("基地奖励", f"{s.plant_awards_yuan:,} 元（{s.plant_awards_yuan / 10000:g} 万元）"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:\u3000<{width}}  {value}")
    for year, figures in s.by_year.items():
        print(f"{year} 年：" + "，".join(f"{k} {v:,}" for k, v in figures.items()))
    return 0


def cmd_schema(args) -> int:
    from generator.config import load_config
    from generator.schema_export import export_schemas

    root = _root(args)
    folder = Path(args.out) if args.out else root / "site_config" / "schema"
    paths = export_schemas(load_config(root), folder)
    print(f"已导出 {len(paths)} 个 JSON Schema 到 {folder}")
    return 0


def cmd_new(args) -> int:
    from generator.config import load_config
    from generator.scaffold import scaffold

    root = _root(args)
    rel, text = scaffold(root, load_config(root), args.type)
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


def build_parser() -> argparse.ArgumentParser:
    from generator.models import KINDS

    parser = argparse.ArgumentParser(prog="qinchuang", description="秦创：劳模和工匠人才创新工作基地知识库工具")
    parser.add_argument("--root", default=".", help="知识库根目录（含 content/ 与 site_config/），默认当前目录")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("validate", help="校验知识库：格式、字段、引用、规则、目标、内容安全")
    p.add_argument("path", nargs="?", help="知识库根目录（与 --root 相同）")
    p.add_argument("--format", choices=FORMAT_CHOICES, default="human", help="输出格式")
    p.add_argument("--output", help="把报告写入文件（如 gl-code-quality-report.json）")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="彩色输出")
    p.add_argument("--verbose", action="store_true", help="同时显示提示（年度目标进度等）")
    p.add_argument("--strict", action="store_true", help="有警告也算不通过")
    p.add_argument("--only", nargs="+", metavar="文件", help="只报告这些文件的问题（以及它们引起的跨文件错误）；供 pre-commit 使用")
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
    p.add_argument("--stdout", action="store_true", help="只打印，不写文件")
    p.set_defaults(func=cmd_new)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "path", None):
        args.root = args.path
    try:
        return args.func(args)
    except QinchuangError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 2
    except Exception as exc:  # an internal error must still say what to do, not dump a traceback
        print(f"内部错误（{type(exc).__name__}: {exc}）。请把这条信息和所用命令报告给维护人员；"
              f"设置环境变量 QINCHUANG_DEBUG=1 可显示详细信息。", file=sys.stderr)
        if os.environ.get("QINCHUANG_DEBUG"):
            raise
        return 2


if __name__ == "__main__":
    sys.exit(main())
