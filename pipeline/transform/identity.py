"""Which roster rows are the same person: deterministic keys joined with a union-find.

Keys, strongest first: the ID number; else name + birth date; else name + phone. Rows sharing a key are
one person, except that two different ID numbers are never joined through a weaker key. Names are
compared normalized (simplified, no spaces), phones as digits, so small differences between rosters and
years do not split a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def identity_keys(row: dict[str, Any]) -> list[str]:
    """The identity keys of one normalized row, strongest first.

    >>> identity_keys({"id_number": None, "name": "张三", "birth_date": None, "phones": ["13800138000"]})
    ['np:张三:13800138000']
    """
    keys = [f"id:{row['id_number']}"] if row.get("id_number") else []
    if row.get("birth_date"):
        keys.append(f"nb:{row['name']}:{row['birth_date']}")
    keys += [f"np:{row['name']}:{phone}" for phone in row.get("phones") or []]
    return keys


def resolve_identities(rows: Sequence[dict[str, Any]], fallback: Sequence[str]) -> list[str]:
    """For each row, the key that names its person (the strongest key of the group, or ``fallback[i]``
    for a row with no key); the same input always gives the same answer, whatever the row order."""
    parent = list(range(len(rows)))
    ids: list[str | None] = [row.get("id_number") for row in rows]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra == rb or (ids[ra] and ids[rb] and ids[ra] != ids[rb]):
            return
        low, high = sorted((ra, rb))
        parent[high] = low
        ids[low] = ids[low] or ids[high]

    keys = [identity_keys(row) for row in rows]
    for prefix in ("id:", "nb:", "np:"):
        first: dict[str, int] = {}
        for i, row_keys in enumerate(keys):
            for key in row_keys:
                if key.startswith(prefix):
                    union(first.setdefault(key, i), i)
    best: dict[int, str] = {}
    for i, row_keys in enumerate(keys):
        root = find(i)
        for key in row_keys or [fallback[i]]:
            if root not in best or _stronger(key, best[root]):
                best[root] = key
    return [best[find(i)] for i in range(len(rows))]


def _stronger(key: str, than: str) -> bool:
    """ID beats name+birth beats name+phone beats a row key; ties go to the smaller key (stable)."""
    order = "id:nb:np:"
    rank_key, rank_than = order.find(key[:3]), order.find(than[:3])
    rank_key = 99 if rank_key < 0 else rank_key
    rank_than = 99 if rank_than < 0 else rank_than
    return (rank_key, key) < (rank_than, than)
