"""Stage 5 — yearly targets: split consistent with the total, and actual vs target reported."""

from __future__ import annotations

from collections.abc import Iterator

from generator.issues import Issue, issue
from generator.kb import KnowledgeBase
from generator.kb.figures import metric_actual


def _gap(actual: int, target: int) -> str:
    return f"，尚差 {target - actual}" if actual < target else "，已完成"


def check_targets(kb: KnowledgeBase) -> Iterator[Issue]:
    names = {b.id: b.name for b in kb.bases}
    for t in kb.targets:
        src = kb.source_of("targets", t.id)
        for i, item in enumerate(t.items):
            line = src.line(("items", i, "metric"))
            if item.by_base and sum(item.by_base.values()) != item.total:
                yield issue("target-split", src.rel, src.line(("items", i, "by_base")), f"items[{i}].by_base",
                            year=t.year, metric=item.metric, sum=sum(item.by_base.values()), total=item.total)
            actual = metric_actual(kb, item.metric, t.year)
            yield issue("target-progress", src.rel, line, f"items[{i}]", year=t.year, metric=item.metric,
                        actual=actual, target=item.total, gap=_gap(actual, item.total))
            for base, target in item.by_base.items():
                got = metric_actual(kb, item.metric, t.year, base)
                yield issue("target-base-progress", src.rel, src.line(("items", i, "by_base", base)),
                            f"items[{i}].by_base.{base}", year=t.year, base=names.get(base, base),
                            metric=item.metric, actual=got, target=target, gap=_gap(got, target))
