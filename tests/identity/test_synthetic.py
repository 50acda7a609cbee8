"""Generated rosters: reproducible, with the duplicates and variations they promise."""

from __future__ import annotations

from pipeline.identity.keys import name_keys
from pipeline.identity.synthetic import ROSTER_COLUMNS, generate_rosters, true_pairs


def test_same_seed_same_rosters_and_known_duplicates() -> None:
    rows = generate_rosters(300, 6, seed=5)
    assert rows.equals(generate_rosters(300, 6, seed=5))
    assert list(rows.columns) == list(ROSTER_COLUMNS)
    assert rows["source_row_id"].is_unique
    assert rows["person_id"].nunique() == 300
    assert 60 < true_pairs(rows) < 400
    assert set(rows["roster"]) == {f"roster_{n:03d}.xlsx" for n in range(6)}


def test_rows_vary_the_way_real_rosters_do() -> None:
    rows = generate_rosters(400, 4, seed=9)
    names = rows["name"]
    assert any(name_keys(n).simplified != n.replace(" ", "").replace("\u3000", "") for n in names)
    assert names.str.contains(r"\s").any()
    assert rows["phone"].str.contains(r"[-+ ]", na=False).any()
    assert rows["phone"].isna().any() and rows["id_number"].isna().mean() > 0.4
    spellings = rows.groupby("person_id")["name"].nunique()
    assert (spellings > 1).any()
    people_per_name = rows.groupby("name")["person_id"].nunique()
    assert (people_per_name > 1).any(), "common names must be shared by different people"
