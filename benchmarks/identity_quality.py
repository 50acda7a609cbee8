"""Pairwise precision and recall of person matching on generated rosters with known duplicates.

Compares splink (the packaged model, DuckDB backend) with the deterministic rules of the rosters
transform (``pipeline.transform.identity.resolve_identities``: same id number, else same name and birth
date, else same name and phone), both on the same match keys (names simplified without spaces, phones
as digits).

    PYTHONPATH=. python benchmarks/identity_quality.py [--people 5000] [--seed 11]
    PYTHONPATH=. python benchmarks/identity_quality.py --train   # retrain pipeline/identity/person_model.json

Training uses other rosters (seed 7) than the measurement (``--seed``).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.identity.keys import people_for_matching
from pipeline.identity.probabilistic import MODEL_FILE, cluster_people, train_person_model
from pipeline.identity.synthetic import generate_rosters, true_pairs
from pipeline.transform.identity import resolve_identities

TRAINING_SEED = 7
MODEL_PATH = Path(__file__).resolve().parents[1] / "pipeline" / "identity" / MODEL_FILE


def deterministic_clusters(people: pd.DataFrame) -> pd.DataFrame:
    """The rosters transform's rules (``resolve_identities``) on the same rows, as clusters."""
    rows = pa.table(
        {
            "id_number": people["id_number"],
            "name": people["name_simplified"],
            "birth_date": people["birth_date"],
            "phones": [[phone] if phone else None for phone in people["phone"]],
            "source_file": people["source_row_id"],
            "sheet": [""] * len(people),
            "row": [0] * len(people),
        },
        schema=pa.schema(
            [
                ("id_number", pa.string()),
                ("name", pa.string()),
                ("birth_date", pa.string()),
                ("phones", pa.list_(pa.string())),
                ("source_file", pa.string()),
                ("sheet", pa.string()),
                ("row", pa.int64()),
            ]
        ),
    )
    return pd.DataFrame(
        {"source_row_id": people["source_row_id"], "cluster_id": resolve_identities(rows).to_pylist()}
    )


def pairwise_quality(clusters: pd.DataFrame, truth: pd.DataFrame) -> tuple[float, float, int]:
    """Precision and recall over pairs of rows, and the number of predicted pairs."""
    joined = clusters.merge(truth.loc[:, ["source_row_id", "person_id"]], on="source_row_id")
    predicted = _pairs(joined.groupby("cluster_id").size())
    correct = _pairs(joined.groupby(["cluster_id", "person_id"]).size())
    actual = true_pairs(truth)
    return (correct / predicted if predicted else 1.0), correct / actual, predicted


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rosters", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--train", action="store_true", help=f"retrain and write {MODEL_PATH}")
    args = parser.parse_args()
    if args.train:
        training = people_for_matching(generate_rosters(args.people, args.rosters, TRAINING_SEED))
        model = train_person_model(training)
        MODEL_PATH.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} (trained on {len(training)} rows, seed {TRAINING_SEED})")
    rows = generate_rosters(args.people, args.rosters, args.seed)
    people = people_for_matching(rows)
    print(
        f"{len(rows)} rows, {args.people} people, {true_pairs(rows)} true duplicate pairs (seed {args.seed})"
    )
    print(f"{'method':<28}{'precision':>10}{'recall':>8}{'pairs':>8}{'seconds':>9}")
    methods = [("deterministic rules", lambda: deterministic_clusters(people))]
    methods += [
        (f"splink p>={t}", lambda t=t: cluster_people(people, threshold=t)) for t in (0.5, 0.9, 0.95, 0.99)
    ]
    for label, method in methods:
        clock = time.perf_counter()
        clusters = method()
        seconds = time.perf_counter() - clock
        precision, recall, predicted = pairwise_quality(clusters, rows)
        print(f"{label:<28}{precision:>10.3f}{recall:>8.3f}{predicted:>8}{seconds:>9.1f}")


if __name__ == "__main__":
    main()
