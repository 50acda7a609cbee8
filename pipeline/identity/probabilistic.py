"""Probabilistic matching of people across rosters with splink (Fellegi-Sunter), beside the exact rules.

Why: the deterministic rules (same id number, else same name and birth date, else same name and phone)
miss a person whose rows share no exact key: a roster without id numbers, a birth date with a typo, a
new phone. A Fellegi-Sunter model weighs all the evidence at once (name as written, once simplified,
by pinyin; birth date; phone; id number; e-mail; employer) and scales to millions of rows on the
DuckDB backend locally or on Spark (extra ``spark``).

Candidate pairs come from blocking on the name's pinyin, the phone, the birth date or the id number, so
traditional/simplified variants and homophones (王伟 / 王玮) still meet. The trained model (m and u
probabilities) is ``person_model.json`` in this package, trained on generated rosters by
``benchmarks/identity_quality.py --train``. Input: one row per person row of a roster with
``PERSON_COLUMNS`` (see ``pipeline.identity.keys.people_for_matching``).
"""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
import pyarrow as pa

from pipeline.errors import UsageError
from pipeline.identity.keys import PERSON_COLUMNS, with_none_for_missing

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from splink import SettingsCreator
    from splink.internals.database_api import DatabaseAPISubClass

#: Pairs at or above this match probability are the same person (chosen on generated rosters).
DEFAULT_THRESHOLD = 0.9
MODEL_FILE = "person_model.json"
Backend = Literal["duckdb", "spark"]
#: Near-certain rules whose agreeing pairs estimate the prior: id number; name and birth date; both.
_PRIOR_RULES = (
    ["id_number"],
    ["name_simplified", "birth_date"],
    ["id_number", "name_simplified", "birth_date"],
)
_PRIOR_RULES_RECALL = 0.7
_QUIET = logging.WARNING


def cluster_people(
    people: pd.DataFrame | pa.Table,
    threshold: float = DEFAULT_THRESHOLD,
    backend: Backend = "duckdb",
    spark: SparkSession | None = None,
    model: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """``source_row_id -> cluster_id``: rows matched at ``threshold`` or above share a cluster.

    ``cluster_id`` is the smallest ``source_row_id`` of the cluster, whatever the backend. ``model``
    defaults to the packaged trained model.
    """
    from splink import Linker

    db_api = _db_api(backend, spark)
    frame = _person_frame(people)
    trained = model_in_dialect(model or load_person_model(), db_api.sql_dialect.sql_dialect_str)
    settings = trained | {"probability_two_random_records_match": prior_match_probability(frame)}
    linker = Linker(db_api.register(frame), settings, log_level=_QUIET)
    pairs = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold
    ).as_pandas_dataframe()
    clusters = clusters.loc[:, ["source_row_id", "cluster_id"]].astype({"source_row_id": str})
    clusters["cluster_id"] = clusters.groupby("cluster_id")["source_row_id"].transform("min")
    return clusters.sort_values("source_row_id", ignore_index=True)


def train_person_model(people: pd.DataFrame | pa.Table, seed: int = 1) -> dict[str, Any]:
    """The model trained on ``people`` without labels: u by random sampling, m by EM in three passes.

    Each EM pass blocks on one key and so cannot learn that key's own weight; the three passes
    (pinyin, birth date, phone) together estimate every comparison.
    """
    from splink import DuckDBAPI, Linker, block_on

    frame = _person_frame(people)
    spec = person_model_spec()
    spec.probability_two_random_records_match = prior_match_probability(frame)
    linker = Linker(DuckDBAPI().register(frame), spec, log_level=_QUIET)
    training = linker.training
    training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    for key in ("name_pinyin", "birth_date", "phone"):
        training.estimate_parameters_using_expectation_maximisation(block_on(key))
    return linker.misc.save_model_to_json()


def prior_match_probability(people: pd.DataFrame) -> float:
    """The chance that two random rows are one person, counted on the rows at hand.

    Why: it falls with the number of rows (about 1/N), so a prior trained on 8,000 rows merges
    namesakes among 80,000. Pairs agreeing on id number or on name and birth date (rules that find
    about 70% of the duplicates of generated rosters) are counted; at least one pair is assumed.

    >>> rows = pd.DataFrame({"id_number": [None] * 4, "name_simplified": ["张伟"] * 4,
    ...                      "birth_date": ["1980-01-01", "1980-01-01", None, "1991-02-03"]})
    >>> round(prior_match_probability(rows), 4)  # 1 pair of 6, found at a recall of 0.7
    0.2381
    """
    pairs = len(people) * (len(people) - 1) / 2
    agreeing = sum(
        sign * _pairs_agreeing(people, keys) for sign, keys in zip((1, 1, -1), _PRIOR_RULES, strict=True)
    )
    return min(max(agreeing, 1) / _PRIOR_RULES_RECALL / max(pairs, 1), 0.5)


def _pairs_agreeing(people: pd.DataFrame, keys: list[str]) -> int:
    sizes = people.dropna(subset=keys).groupby(keys).size()
    return int((sizes * (sizes - 1) // 2).sum())


def person_model_spec() -> SettingsCreator:
    """The untrained model: blocking rules and comparisons, with a level for each Chinese name variant."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_simplified"),
            cll.ExactMatchLevel("name").configure(label_for_charts="same name as written"),
            cll.ExactMatchLevel("name_simplified").configure(
                label_for_charts="same name once simplified and without spaces"
            ),
            cll.ExactMatchLevel("name_pinyin").configure(label_for_charts="same pinyin (homophone)"),
            cll.LevenshteinLevel("name_simplified", 1).configure(label_for_charts="one character differs"),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="source_row_id",
        blocking_rules_to_generate_predictions=[
            block_on("name_pinyin"),
            block_on("phone"),
            block_on("birth_date"),
            block_on("id_number"),
        ],
        comparisons=[
            name,
            cl.LevenshteinAtThresholds("birth_date", [1]),
            cl.LevenshteinAtThresholds("phone", [1]),
            cl.LevenshteinAtThresholds("id_number", [1]),
            cl.ExactMatch("email"),
            cl.ExactMatch("unit_name"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def model_in_dialect(model: dict[str, Any], dialect: str) -> dict[str, Any]:
    """``model`` with its SQL written for ``dialect`` (a saved model's SQL is its training backend's).

    Why: the packaged model is trained on DuckDB, whose quoted identifiers Spark reads as string
    literals; the comparisons are rendered again from ``person_model_spec`` and the trained
    probabilities copied over, level by level.
    """
    if model.get("sql_dialect") == dialect:
        return model
    rendered = person_model_spec().create_settings_dict(dialect)
    for trained, fresh in zip(model["comparisons"], rendered["comparisons"], strict=True):
        for trained_level, fresh_level in zip(
            trained["comparison_levels"], fresh["comparison_levels"], strict=True
        ):
            if trained_level.get("label_for_charts") != fresh_level.get("label_for_charts"):
                raise UsageError(
                    f"{MODEL_FILE}: level {trained_level.get('label_for_charts')!r} of comparison "
                    f"{trained['output_column_name']} is not in person_model_spec(): retrain the model "
                    "with benchmarks/identity_quality.py --train"
                )
            fresh_level |= {
                k: trained_level[k] for k in ("m_probability", "u_probability") if k in trained_level
            }
    probability = model["probability_two_random_records_match"]
    return rendered | {"probability_two_random_records_match": probability, "sql_dialect": dialect}


def load_person_model() -> dict[str, Any]:
    """The packaged trained model (a splink settings dict), a fresh copy each call."""
    return json.loads(_model_text())


@cache
def _model_text() -> str:
    return resources.files("pipeline.identity").joinpath(MODEL_FILE).read_text(encoding="utf-8")


def _person_frame(people: pd.DataFrame | pa.Table) -> pd.DataFrame:
    frame = people.to_pandas() if isinstance(people, pa.Table) else people
    missing = [column for column in PERSON_COLUMNS if column not in frame.columns]
    if missing:
        raise UsageError(
            f"person rows lack the columns {', '.join(missing)}: build them with "
            "pipeline.identity.keys.people_for_matching"
        )
    return with_none_for_missing(frame.loc[:, list(PERSON_COLUMNS)])


def _db_api(backend: Backend, spark: SparkSession | None) -> DatabaseAPISubClass:
    """splink's DuckDB backend (in memory), or its Spark backend on ``spark`` or the active session.

    The Spark backend breaks lineage with checkpoints: call ``sparkContext.setCheckpointDir`` first.
    """
    if backend == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI()
    from pyspark.sql import SparkSession
    from splink import SparkAPI

    session = spark or SparkSession.getActiveSession()
    if session is None:
        raise UsageError("the splink Spark backend needs a running SparkSession: pass spark=")
    return SparkAPI(spark_session=session, register_udfs_automatically=False)  # builtins suffice
