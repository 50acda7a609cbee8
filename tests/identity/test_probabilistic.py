"""splink person matching: the packaged model finds duplicates the exact rules miss, without false merges."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("splink", reason="splink is not installed: pip install -e '.[spark]'")

from pipeline.errors import UsageError
from pipeline.extract.spark_engine import spark_session
from pipeline.identity.keys import people_for_matching
from pipeline.identity.probabilistic import (
    cluster_people,
    load_person_model,
    model_in_dialect,
    train_person_model,
)
from pipeline.identity.synthetic import generate_rosters, true_pairs


def _pair_counts(clusters: pd.DataFrame, rows: pd.DataFrame) -> tuple[int, int]:
    joined = clusters.merge(rows.loc[:, ["source_row_id", "person_id"]], on="source_row_id")
    predicted = sum(n * (n - 1) // 2 for n in joined.groupby("cluster_id").size())
    correct = sum(n * (n - 1) // 2 for n in joined.groupby(["cluster_id", "person_id"]).size())
    return predicted, correct


def test_packaged_model_finds_duplicates_with_high_precision_and_recall() -> None:
    rows = generate_rosters(600, 8, seed=23)
    clusters = cluster_people(people_for_matching(rows))
    assert sorted(clusters["source_row_id"]) == sorted(rows["source_row_id"])
    predicted, correct = _pair_counts(clusters, rows)
    assert correct / predicted > 0.97
    assert correct / true_pairs(rows) > 0.9
    smallest = clusters.groupby("cluster_id")["source_row_id"].min()
    assert (smallest.index == smallest.to_numpy()).all()


def test_name_variants_match_and_namesakes_do_not() -> None:
    rows = pd.DataFrame(
        [
            ("r1.xlsx:2", "張　偉", "1980-02-03", "138-0013-8000", None, None, "山西省科技馆"),
            ("r2.xlsx:7", "张伟", "1980-02-03", "13800138000", None, "zw@qq.com", None),
            ("r3.xlsx:4", "张玮", "1980-02-03", "+86 13800138000", None, None, "山西省科技馆"),
            ("r3.xlsx:9", "张伟", "1991-11-30", "13912345678", None, None, "太原市第五中学"),
        ],
        columns=["source_row_id", "name", "birth_date", "phone", "id_number", "email", "unit_name"],
    )
    clusters = dict(cluster_people(people_for_matching(rows)).itertuples(index=False))
    assert clusters["r1.xlsx:2"] == clusters["r2.xlsx:7"] == clusters["r3.xlsx:4"] == "r1.xlsx:2"
    assert clusters["r3.xlsx:9"] == "r3.xlsx:9"


def test_training_learns_that_agreement_is_evidence() -> None:
    model = train_person_model(people_for_matching(generate_rosters(800, 6, seed=31)))
    for comparison in model["comparisons"]:
        exact = next(level for level in comparison["comparison_levels"] if not level.get("is_null_level"))
        assert exact["m_probability"] > 10 * exact["u_probability"], comparison["output_column_name"]


def test_model_rendered_for_spark_keeps_the_trained_probabilities() -> None:
    model = load_person_model()
    spark_model = model_in_dialect(model, "spark")
    assert spark_model["sql_dialect"] == "spark"
    level = spark_model["comparisons"][1]["comparison_levels"][1]
    assert "`birth_date_l`" in level["sql_condition"]
    assert level["m_probability"] == model["comparisons"][1]["comparison_levels"][1]["m_probability"]


def test_missing_columns_are_named() -> None:
    with pytest.raises(UsageError, match="name_pinyin"):
        cluster_people(pd.DataFrame({"source_row_id": ["a"], "name": ["张伟"]}))


def test_one_row_and_no_rows_cluster_without_error() -> None:
    rows = generate_rosters(1, 1, seed=2).head(1)
    one = cluster_people(people_for_matching(rows))
    assert one.to_dict("records") == [
        {"source_row_id": rows["source_row_id"][0], "cluster_id": rows["source_row_id"][0]}
    ]
    assert cluster_people(people_for_matching(rows.head(0))).empty


@pytest.mark.spark
def test_spark_backend_gives_the_duckdb_clusters(tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[spark]'")
    if shutil.which("java") is None:
        pytest.skip("Java is missing: the Spark backend needs Java 17 (apt-get install openjdk-17-jre)")
    people = people_for_matching(generate_rosters(150, 4, seed=41))
    with spark_session("local[1]") as spark:
        spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
        on_spark = cluster_people(people, backend="spark", spark=spark)
    on_duckdb = cluster_people(people)
    assert on_duckdb["cluster_id"].nunique() < len(people)
    assert on_spark.equals(on_duckdb)
