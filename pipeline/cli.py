"""The ``pipeline`` command. Each verb is a few lines around the library function of the same name."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from pipeline.errors import PipelineError, QuarantinedInput
from pipeline.export import FORMATS
from pipeline.export import export as export_table
from pipeline.progress import Progress
from pipeline.settings import DEFAULT_RAW, DEFAULT_STAGED, DEFAULT_WAREHOUSE, Settings
from pipeline.status import status as warehouse_status
from pipeline.summary import format_status, format_summary

# Each verb imports what only it needs (the stages: jieba, pdfplumber, matplotlib, over a second), so
# `pipeline --help` and `pipeline status` answer at once.

_PATH = click.Path(path_type=Path)
raw_option = click.option(
    "--raw",
    default=str(DEFAULT_RAW),
    metavar="DIR|URI",
    show_default=True,
    help="Folder of input files, read recursively. With --engine spark also a URI the cluster can read "
    "(hdfs://nn/archive, s3a://bucket/raw, file:///data/raw); --staged and --warehouse stay local paths.",
)
staged_option = click.option(
    "--staged",
    type=_PATH,
    default=DEFAULT_STAGED,
    show_default=True,
    help="Local folder for the Parquet hand-over.",
)
warehouse_option = click.option(
    "--warehouse", type=_PATH, default=DEFAULT_WAREHOUSE, show_default=True, help="The DuckDB warehouse file."
)
traditional_option = click.option(
    "--keep-traditional", is_flag=True, help="Keep traditional characters in text_clean (default: simplify)."
)
engine_option = click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Run the per-file extract here (local) or as Spark tasks (spark; needs the `spark` extra, Java 17).",
)
spark_master_option = click.option(
    "--spark-master",
    default=None,
    help="Spark master URL for --engine spark (local[2], yarn, spark://host:7077); default: spark-submit's, "
    "else local[*].",
)
identity_option = click.option(
    "--identity",
    type=click.Choice(["rules", "probabilistic"]),
    default="rules",
    show_default=True,
    help="How member_sources.match_cluster_id is found: exact rules, or splink (extra `spark`).",
)
full_option = click.option(
    "--full",
    is_flag=True,
    help="Re-read every file (default: only files that are new or whose sha256 changed).",
)
workers_option = click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Read files (extract) and documents (transform) in N parallel processes (same result as one).",
)
quiet_option = click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress lines on stderr (by default each stage writes its start, progress with rate and ETA, "
    "and finish: a bar on a terminal, a line every 10 s elsewhere). The summary is still printed.",
)
file_timeout_option = click.option(
    "--file-timeout",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Time budget of one file in extract and of one document in transform: a file over it is "
    "quarantined as too_slow and the run goes on (0: no budget).",
)
keep_deleted_option = click.option(
    "--keep-deleted",
    is_flag=True,
    help="Keep the rows of files gone from --raw, flagged files.status = 'deleted' (default: drop them).",
)
allow_shrink_option = click.option(
    "--allow-shrink",
    is_flag=True,
    help="Accept a run that drops more than --max-shrink of the warehouse's files, or all of them "
    "(default: such a run exits with code 5 and changes nothing).",
)
max_shrink_option = click.option(
    "--max-shrink",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.5,
    show_default=True,
    help="The share of the warehouse's files that may be gone from --raw before the run refuses.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="assoc-pipeline")
def cli() -> None:
    """Ingest association documents and rosters from raw/ into a DuckDB warehouse.

    Stages: extract (raw/ -> staged/extract), transform (-> staged/transform), load (-> warehouse).
    `pipeline run` does all three. Each stage reads and writes only files, so it can be rerun alone.
    """


@cli.command()
@raw_option
@staged_option
@warehouse_option
@traditional_option
@full_option
@keep_deleted_option
@allow_shrink_option
@max_shrink_option
@workers_option
@file_timeout_option
@engine_option
@spark_master_option
@quiet_option
def extract(quiet: bool, **options: Any) -> None:
    """Read the new and changed files under --raw into staged records with lineage (or quarantine).

    The lock and the run log are those of --warehouse.
    """
    from pipeline import runner

    settings = Settings(**options)
    click.echo(
        format_summary(
            runner.extract(settings, Progress.to_stderr(quiet)), target=str(settings.staged / "extract")
        )
    )


@cli.command()
@staged_option
@warehouse_option
@identity_option
@quiet_option
@workers_option
@file_timeout_option
def transform(
    staged: Path, warehouse: Path, identity: str, quiet: bool, workers: int, file_timeout: float
) -> None:
    """Turn staged records into the warehouse tables (Parquet in --staged/transform).

    The lock and the run log are those of --warehouse.
    """
    from pipeline import runner

    settings = Settings(
        staged=staged, warehouse=warehouse, identity=identity, workers=workers, file_timeout=file_timeout
    )
    summary = runner.transform(settings, Progress.to_stderr(quiet))
    click.echo(format_summary(summary, target=str(staged / "transform")))


@cli.command()
@staged_option
@warehouse_option
@quiet_option
def load(staged: Path, warehouse: Path, quiet: bool) -> None:
    """Write the transformed tables into the DuckDB file --warehouse, replacing it atomically."""
    from pipeline import runner

    summary = runner.load(Settings(staged=staged, warehouse=warehouse), Progress.to_stderr(quiet))
    click.echo(format_summary(summary, target=str(warehouse)))


@cli.command()
@raw_option
@staged_option
@warehouse_option
@traditional_option
@full_option
@keep_deleted_option
@allow_shrink_option
@max_shrink_option
@workers_option
@file_timeout_option
@identity_option
@engine_option
@spark_master_option
@quiet_option
@click.option("--strict", is_flag=True, help="Exit with code 3 when any input was quarantined.")
def run(strict: bool, quiet: bool, **options: Any) -> None:
    """Extract, transform and load: raw/ to the warehouse, then print a summary.

    Only new and changed files are read again (--full reads all). Exit codes: 0 finished, 1 failed,
    2 usage error, 3 input quarantined with --strict, 4 another run holds the lock, 5 the run would
    drop most of the warehouse's files (see --allow-shrink).
    """
    from pipeline import runner

    settings = Settings(**options)
    summary = runner.run(settings, Progress.to_stderr(quiet))
    click.echo(format_summary(summary, target=str(settings.warehouse)))
    if strict and summary.quarantined:
        raise QuarantinedInput(
            f"{settings.warehouse}: {summary.quarantined} rows of input were quarantined (see the "
            "quarantine table): fix or remove those files, or run without --strict"
        )


@cli.command()
@warehouse_option
def status(warehouse: Path) -> None:
    """Show row counts per table, the last runs and the quarantine count of the warehouse."""
    click.echo(format_status(warehouse_status(warehouse)))


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@traditional_option
@click.option(
    "--diff", "show_diff", is_flag=True, help="Print each change (line, fix, before -> after) instead."
)
def repair(file: Path, keep_traditional: bool, show_diff: bool) -> None:
    """Repair one text file and print the repaired text, or with --diff what changed and why."""
    from pipeline.repair.report import format_diff, repair_file

    repaired, _ = repair_file(file, keep_traditional)
    output = format_diff(repaired) if show_diff else repaired.text
    click.echo(output, nl=not output.endswith("\n"))


@cli.command()
@warehouse_option
@click.option(
    "--out",
    type=_PATH,
    default=None,
    help="The HTML file to write.  [default: report.html beside the warehouse]",
)
def report(warehouse: Path, out: Path | None) -> None:
    """Write a self-contained HTML report of the warehouse (charts, tables, quarantine and repairs)."""
    from pipeline.report import report as write_report

    click.echo(f"report written to {write_report(warehouse, out)}")


@cli.command()
@warehouse_option
@click.option("--table", "table", required=True, help="Table or view to export (members: the masked view).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="File format.")
@click.option("--out", type=_PATH, required=True, help="The file to write.")
@click.option(
    "--with-pii", is_flag=True, help="Export members with their personal data (default: members_masked)."
)
def export(warehouse: Path, table: str, fmt: str, out: Path, with_pii: bool) -> None:
    """Export a table or view as Parquet, CSV or XLSX for sharing (spreadsheet formulas neutralized)."""
    summary = export_table(warehouse, table, fmt, out, with_pii=with_pii)
    click.echo(f"{summary.rows} rows of {summary.source} written to {summary.out}")


def main() -> None:
    """Entry point: domain errors become one line on stderr and a documented exit code."""
    try:
        cli.main(standalone_mode=False)
    except PipelineError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        click.echo("interrupted: the previous warehouse is unchanged", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
