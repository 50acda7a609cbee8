"""Probabilistic person matching over member_sources, beside the deterministic member_id.

``member_sources.match_cluster_id`` says which roster rows are one person. With the default identity
``rules`` it is the ``member_id`` of the exact rules (ID number, else name and birth date, else name and
phone). With ``probabilistic`` (the optional extra ``spark`` brings splink) it is the splink cluster of
the row: rows the rules keep apart but that agree on the weight of all their evidence (a birth date
with a typo, a new phone, a traditional-script name) share one cluster. ``members`` stays one row per
``member_id``, so analysts can compare both: ``SELECT match_cluster_id, count(DISTINCT member_id) ...``.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.errors import UsageError
from pipeline.ids import stable_ids


def with_match_clusters(sources: pa.Table, identity: str) -> pa.Table:
    """``sources`` with ``match_cluster_id`` from splink when ``identity`` is ``probabilistic``."""
    if identity != "probabilistic" or sources.num_rows == 0:
        return sources
    try:
        from pipeline.identity.keys import people_for_matching
        from pipeline.identity.probabilistic import cluster_people
    except ImportError as err:
        raise UsageError(f"--identity probabilistic needs splink ({err}): pip install -e '.[spark]'") from err
    lineage = pc.binary_join_element_wise(
        sources["source_file"], sources["sheet"], pc.cast(sources["row"], pa.string()), "\x1f"
    ).to_pylist()
    people = sources.select(["name", "birth_date", "phone", "id_number", "email", "unit_name"]).to_pandas()
    people.insert(0, "source_row_id", lineage)
    clusters = dict(cluster_people(people_for_matching(people)).itertuples(index=False))
    cluster_of_row = pa.array([clusters.get(row, row) for row in lineage], pa.string())
    column = sources.schema.get_field_index("match_cluster_id")
    return sources.set_column(column, "match_cluster_id", stable_ids("cluster", cluster_of_row))
