"""Plain-text renderings of a run summary and of the warehouse status, one screen each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.status import WarehouseStatus

if TYPE_CHECKING:  # the runner imports every stage: ``pipeline status`` does without
    from pipeline.runner import RunSummary


def format_summary(summary: RunSummary, target: str = "") -> str:
    lines = [f"{summary.command} {summary.run_id} finished in {summary.seconds:.1f} s"]
    if summary.files_seen and not summary.files_extracted:
        lines.append(
            f"  files read   0 new or changed; {summary.files_seen} unchanged; "
            f"{summary.files_deleted} gone from raw/"
        )
    elif summary.files_seen:
        statuses = summary.files_by_status
        lines.append(
            f"  files read   {summary.files_seen} ({statuses.get('ok', 0)} loaded, "
            f"{statuses.get('empty', 0)} empty, {statuses.get('quarantined', 0)} quarantined)"
        )
        lines.append(
            f"  read again   {summary.files_extracted} new or changed; "
            f"{summary.files_seen - summary.files_extracted} unchanged; "
            f"{summary.files_deleted} gone from raw/"
        )
        lines.append(f"  records      {summary.records}")
    if summary.tables:
        lines.append("  tables       " + _pairs(summary.tables))
    if summary.tables.get("member_sources"):
        lines.append(
            f"  people       {summary.tables['member_sources']:,} roster rows merged into "
            f"{summary.tables.get('members', 0):,} members"
        )
    lines.append(
        f"  quarantined  {summary.quarantined} rows"
        + ("  (see table quarantine)" if summary.quarantined else "")
    )
    if summary.repairs_by_kind:
        lines.append("  repairs      " + _pairs(summary.repairs_by_kind))
    lines += _dropped(summary)
    if summary.stage_seconds:
        times = (f"{stage} {seconds:.1f} s" for stage, seconds in summary.stage_seconds.items())
        lines.append("  stages       " + ", ".join(times))
    if target:
        lines.append(f"  output       {target}")
    return "\n".join(lines)


def format_status(report: WarehouseStatus) -> str:
    lines = [f"warehouse {report.warehouse}"]
    if report.running:
        lines.append(f"  running: {report.running}")
    lines.append("  tables:")
    lines += [f"    {name:<20} {rows:>10,}" for name, rows in report.tables.items()]
    if report.views:
        lines.append("  views:  " + ", ".join(report.views))
    lines.append(f"  quarantine: {report.quarantined} rows")
    lines.append("  last runs:")
    lines += [
        f"    {r['run_id']}  {r['command']:<9} {r['status']:<7} files {r['files_seen']}, "
        f"quarantined {r['rows_quarantined']}, started {r['started_at']:%Y-%m-%d %H:%M:%S}"
        for r in report.last_runs
    ]
    return "\n".join(lines)


def _dropped(summary: RunSummary) -> list[str]:
    """One line per file whose password columns were left out, never stored.

    >>> from types import SimpleNamespace as Row
    >>> column = Row(source_file="会员.xlsx", sheet="名单", header="密码", kind="password")
    >>> _dropped(Row(dropped_columns=[column]))
    ['  dropped      1 password column in 会员.xlsx (sheet 名单: 密码): never stored']
    """
    by_file: dict[tuple[str, str], list[str]] = {}
    for column in summary.dropped_columns:
        by_file.setdefault((column.source_file, column.kind), []).append(
            f"sheet {column.sheet}: {column.header}"
        )
    return [
        f"  dropped      {len(where)} {kind} column{'s' if len(where) > 1 else ''} in {source_file} "
        f"({'; '.join(where)}): never stored"
        for (source_file, kind), where in by_file.items()
    ]


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in sorted(counts.items()))
