"""Which roster rows are the same person: deterministic keys, strongest first.

1. Rows with the same ID number are one person.
2. A row without an ID joins the person whose rows share its name + birth date, when exactly one
   person does; rows without an ID sharing name + birth date and joining nobody are one person.
3. The same with name + phone (any of the row's phones).
4. A row with none of these is a person of its own.
Names are compared normalized (simplified, no spaces) and phones as digits, so small differences between
rosters do not split a person; two different ID numbers are never joined. The result does not depend on
the order of the rows. The work is columnar: Python loops only over rows whose key meets a known person.
"""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc

_NULL = pa.scalar(None, pa.string())


def resolve_identities(rows: pa.Table) -> pa.Array:
    """For each row, the key naming its person: "id:…", "nb:…", "np:…" or "row:file:sheet:row".

    ``rows`` has id_number, name, birth_date, phones (list), source_file, sheet, row.

    >>> rows = pa.table({"id_number": ["X1", None, None], "name": ["张三"] * 3,
    ...     "birth_date": ["1985-03-12", "1985-03-12", None], "phones": [None, ["138"], ["138"]],
    ...     "source_file": ["a"] * 3, "sheet": ["s"] * 3, "row": [1, 2, 3]})
    >>> resolve_identities(rows).to_pylist()
    ['id:X1', 'id:X1', 'id:X1']
    """
    person = pc.binary_join_element_wise("id:", _column(rows, "id_number"), "")
    name = _column(rows, "name")
    births = pc.binary_join_element_wise(name, "|", pc.cast(_column(rows, "birth_date"), pa.string()), "")
    person = _attach(person, None, births, "nb:")
    if person.null_count:
        phones = _column(rows, "phones")
        owners = pc.list_parent_indices(phones).cast(pa.int64())
        phone_keys = pc.binary_join_element_wise(name.take(owners), "|", pc.list_flatten(phones), "")
        person = _attach(person, owners, phone_keys, "np:")
    if not person.null_count:
        return person
    alone = pc.is_null(person)
    own = pc.binary_join_element_wise(
        "row:", _column(rows, "source_file").filter(alone), ":", _column(rows, "sheet").filter(alone), ":",
        pc.cast(_column(rows, "row").filter(alone), pa.string()), "",
    )  # fmt: skip
    return pc.replace_with_mask(person, alone, own)


def _attach(person: pa.Array, owners: pa.Array | None, keys: pa.Array, prefix: str) -> pa.Array:
    """Rows without a person take the one person their keys point to, or found one by their keys
    (named by the smallest key); a row whose keys point to several people stays without.

    ``owners[i]`` is the row of ``keys[i]``; None when ``keys`` has one key per row, in row order.
    """
    key_person = person if owners is None else person.take(owners)
    open_ = pc.and_(pc.is_null(key_person), pc.is_valid(keys))
    if not pc.any(open_).as_py():
        return person
    rows = pa.array(range(len(person)), pa.int64())
    open_owners, open_keys = (rows if owners is None else owners).filter(open_), keys.filter(open_)
    grouped = pa.table({"owner": open_owners, "key": open_keys})
    if owners is not None and pc.count_distinct(open_owners).as_py() < len(open_owners):
        grouped = grouped.group_by("owner").aggregate([("key", "min")]).rename_columns(["owner", "key"])
        grouped = grouped.sort_by("owner")  # in row order, as the mask below lays them out
    new_owners = grouped["owner"].combine_chunks()
    new_people = pc.binary_join_element_wise(prefix, grouped["key"].combine_chunks(), "")
    if person.null_count < len(person):
        new_people = _join_known(key_person, keys, open_owners, open_keys, new_owners, new_people)
    owned = open_ if owners is None else pc.is_in(rows, value_set=new_owners)
    return pc.coalesce(person, pc.replace_with_mask(pa.nulls(len(person), pa.string()), owned, new_people))


def _join_known(
    key_person: pa.Array,
    keys: pa.Array,
    open_owners: pa.Array,
    open_keys: pa.Array,
    new_owners: pa.Array,
    new_people: pa.Array,
) -> pa.Array:
    """``new_people`` with rows whose keys point to exactly one known person joined to that person
    (and rows pointing to several left without, null)."""
    closed = pc.and_(pc.is_valid(key_person), pc.is_in(keys, value_set=pc.unique(open_keys)))
    known: dict[str, set[str]] = defaultdict(set)
    for key, found in zip(
        keys.filter(closed).to_pylist(), key_person.filter(closed).to_pylist(), strict=True
    ):
        known[key].add(found)
    if not known:
        return new_people
    hit = pc.is_in(open_keys, value_set=pa.array(list(known), pa.string()))
    met: dict[int, set[str]] = defaultdict(set)
    for owner, key in zip(
        open_owners.filter(hit).to_pylist(), open_keys.filter(hit).to_pylist(), strict=True
    ):
        met[owner] |= known[key]
    joined = {owner: next(iter(found)) if len(found) == 1 else None for owner, found in met.items()}
    position = pc.index_in(new_owners, value_set=pa.array(list(joined), pa.int64()))
    chosen = pa.array(list(joined.values()), pa.string()).take(position)
    return pc.if_else(pc.is_valid(position), chosen, new_people)


def _column(rows: pa.Table, name: str) -> pa.Array:
    return rows[name].combine_chunks()
