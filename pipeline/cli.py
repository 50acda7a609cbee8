"""The ``pipeline`` command. Each verb is a few lines around the library function of the same name."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import runner
from pipeline.errors import PipelineError
from pipeline.settings import DEFAULT_RAW, DEFAULT_STAGED, DEFAULT_WAREHOUSE, Settings
from pipeline.status import status as warehouse_status
from pipeline.summary import format_status, format_summary

_PATH = click.Path(path_type=Path)
raw_option = click.option(
    "--raw",
    type=_PATH,
    default=DEFAULT_RAW,
    show_default=True,
    help="Folder of input files, read recursively.",
)
staged_option = click.option(
    "--staged",
    type=_PATH,
    default=DEFAULT_STAGED,
    show_default=True,
    help="Folder for the Parquet hand-over.",
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
@traditional_option
@engine_option
@spark_master_option
def extract(raw: Path, staged: Path, keep_traditional: bool, engine: str, spark_master: str | None) -> None:
    """Read every file under --raw into staged records with lineage (or quarantine)."""
    settings = Settings(
        raw=raw, staged=staged, keep_traditional=keep_traditional, engine=engine, spark_master=spark_master
    )
    click.echo(format_summary(runner.extract(settings, on_file=_progress), target=str(staged / "extract")))


@cli.command()
@staged_option
def transform(staged: Path) -> None:
    """Turn staged records into the warehouse tables (Parquet in --staged/transform)."""
    summary = runner.transform(Settings(staged=staged))
    click.echo(format_summary(summary, target=str(staged / "transform")))


@cli.command()
@staged_option
@warehouse_option
def load(staged: Path, warehouse: Path) -> None:
    """Write the transformed tables into the DuckDB file --warehouse, replacing it atomically."""
    summary = runner.load(Settings(staged=staged, warehouse=warehouse))
    click.echo(format_summary(summary, target=str(warehouse)))


@cli.command()
@raw_option
@staged_option
@warehouse_option
@traditional_option
@engine_option
@spark_master_option
def run(
    raw: Path, staged: Path, warehouse: Path, keep_traditional: bool, engine: str, spark_master: str | None
) -> None:
    """Extract, transform and load: raw/ to the warehouse, then print a summary."""
    settings = Settings(
        raw=raw,
        staged=staged,
        warehouse=warehouse,
        keep_traditional=keep_traditional,
        engine=engine,
        spark_master=spark_master,
    )
    click.echo(format_summary(runner.run(settings, on_file=_progress), target=str(warehouse)))


@cli.command()
@warehouse_option
def status(warehouse: Path) -> None:
    """Show row counts per table, the last runs and the quarantine count of the warehouse."""
    click.echo(format_status(warehouse_status(warehouse)))


def _progress(done: int, total: int, name: str) -> None:
    """One updating line on a terminal; nothing when stderr is a file or a pipe."""
    if sys.stderr.isatty():
        end = "\n" if done + 1 == total else ""
        click.echo(f"\r\x1b[K[{done + 1}/{total}] {name[-60:]}", nl=False, err=True)
        click.echo(end, nl=False, err=True)


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
