"""Which roster rows are the same person: deterministic keys, strongest first.

1. Rows with the same ID number are one person.
2. A row without an ID joins the person whose rows share its name + birth date, when exactly one
   person does; rows without an ID sharing name + birth date and joining nobody are one person.
3. The same with name + phone.
4. A row with none of these is a person of its own.
Names are compared normalized (simplified, no spaces) and phones as digits, so small differences between
rosters do not split a person; two different ID numbers are never joined. The result does not depend on
the order of the rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence


def resolve_identities(
    ids: Sequence[str | None],
    names: Sequence[str],
    births: Sequence[object],
    phones: Sequence[Sequence[str] | None],
    fallback: Sequence[str],
) -> list[str]:
    """For each row, the key naming its person ("id:…", "nb:…", "np:…" or its ``fallback`` key).

    >>> resolve_identities(["X1", None, None], ["张三"] * 3, ["1985-03-12", "1985-03-12", None],
    ...                    [None, ["138"], ["138"]], ["r1", "r2", "r3"])
    ['id:X1', 'id:X1', 'id:X1']
    """
    person: list[str | None] = [f"id:{i}" if i else None for i in ids]
    birth_keys = [f"{n}|{b}" if b is not None else None for n, b in zip(names, births, strict=True)]
    _attach(person, [[k] if k else [] for k in birth_keys], "nb:")
    phone_keys = [[f"{n}|{p}" for p in ps or []] for n, ps in zip(names, phones, strict=True)]
    _attach(person, phone_keys, "np:")
    return [p or f for p, f in zip(person, fallback, strict=True)]


def _attach(person: list[str | None], keys: Sequence[Sequence[str]], prefix: str) -> None:
    """Rows without a person take the one person their key points to, or found one by that key."""
    known: dict[str, set[str]] = defaultdict(set)
    for row_person, row_keys in zip(person, keys, strict=True):
        if row_person:
            for key in row_keys:
                known[key].add(row_person)
    for i, row_keys in enumerate(keys):
        if person[i] is None and row_keys:
            found = set().union(*(known.get(key, set()) for key in row_keys))
            if len(found) == 1:
                person[i] = found.pop()
            elif not found:
                person[i] = f"{prefix}{min(row_keys)}"
