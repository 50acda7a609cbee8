-- person_keys: one row per roster row of a person (grain: `seq`, the row's place in `parsed`), with
-- `person`, the key naming the person it belongs to: "id:…", "nb:…", "np:…" or "row:file:sheet:row",
-- and `phone_keys`, the name|phone keys of a row that only rule 3's own keys name (else null).
-- Input: a relation `parsed` (seq, id_number, name, birth_date, phones, source_file, sheet, "row",
-- continues_row).
-- The rules, strongest first, are those of pipeline/transform/identity.py (`find_people` puts the rows
-- in seq order once the chains of rule 3 are followed).
WITH
-- 0. a name cell merged over several rows is one person: its first row and the rows continuing it
merged AS (
    SELECT p.seq, p.source_file, p.sheet, coalesce(p.continues_row, p."row") AS first_row,
        p.id_number, p.birth_date, p.phones
    FROM parsed AS p
    SEMI JOIN (SELECT source_file, sheet, continues_row FROM parsed WHERE continues_row IS NOT NULL) AS c
        ON c.source_file = p.source_file AND c.sheet = p.sheet
        AND c.continues_row = coalesce(p.continues_row, p."row")
),
-- ... when they name one ID number and one birth date at most (else each of them is keyed alone)
cells AS (
    SELECT source_file, sheet, first_row, max(id_number) AS id_number, max(birth_date) AS birth_date,
        list_distinct(flatten(list(phones))) AS phones
    FROM merged
    GROUP BY source_file, sheet, first_row
    HAVING count(DISTINCT id_number) <= 1 AND count(DISTINCT birth_date) <= 1
),
-- held once (a few rows), while key_rows is read anew by each step below (no copy of every row)
cell_rows AS MATERIALIZED (
    SELECT m.seq, c.* FROM merged AS m JOIN cells AS c USING (source_file, sheet, first_row)
),
key_rows AS NOT MATERIALIZED (  -- every row's key columns: a cell's rows all take its ID, birth date, phones
    SELECT p.seq, p.name, p.source_file, p.sheet,
        coalesce(c.id_number, p.id_number) AS id_number,
        coalesce(c.birth_date, p.birth_date) AS birth_date,
        CASE WHEN c.seq IS NULL THEN p.phones ELSE c.phones END AS phones,
        coalesce(c.first_row, p."row") AS "row"  -- and its first row for rule 4
    FROM parsed AS p
    LEFT JOIN cell_rows AS c USING (seq)
),
-- 1. the ID number
keyed AS (
    SELECT seq, 'id:' || id_number AS by_id, name || '|' || CAST(birth_date AS VARCHAR) AS by_birth
    FROM key_rows
),
-- 2. name + birth date: the ID-holding people each key already names
birth_known AS (  -- one person when the smallest and the largest are the same
    SELECT by_birth, min(by_id) AS person, max(by_id) AS other
    FROM keyed
    WHERE by_id IS NOT NULL AND by_birth IS NOT NULL
    GROUP BY by_birth
),
after_birth AS (
    SELECT k.seq, coalesce(k.by_id, CASE
        WHEN k.by_birth IS NULL THEN NULL
        WHEN b.person IS NULL THEN 'nb:' || k.by_birth
        WHEN b.person = b.other THEN b.person
    END) AS person  -- several people: not joined here
    FROM keyed AS k
    LEFT JOIN birth_known AS b ON k.by_id IS NULL AND b.by_birth = k.by_birth
),
-- 3. name + phone, any of the row's phones
phone_keys AS (
    SELECT seq, key FROM (SELECT seq, name || '|' || unnest(phones) AS key FROM key_rows)
    WHERE key IS NOT NULL
),
phone_people AS (
    SELECT k.seq, k.key, a.person FROM phone_keys AS k JOIN after_birth AS a USING (seq)
),
phone_open AS (SELECT seq, key FROM phone_people WHERE person IS NULL),
phone_known AS (SELECT DISTINCT key, person FROM phone_people WHERE person IS NOT NULL),
phone_met AS (
    SELECT o.seq, min(k.person) AS person, max(k.person) AS other
    FROM phone_open AS o JOIN phone_known AS k USING (key)
    GROUP BY o.seq
),
-- ... rows meeting none: a person named by the row's smallest key, with the keys that chain it to the
-- others of the kind (`phone_keys`; the chains are followed by identity.find_people)
phone_new AS (SELECT seq, 'np:' || min(key) AS person, list(key) AS keys FROM phone_open GROUP BY seq)
SELECT a.seq, coalesce(
    a.person,
    CASE WHEN m.person = m.other THEN m.person WHEN m.person IS NULL THEN n.person END,
    -- 4. a person of its own
    'row:' || p.source_file || ':' || p.sheet || ':' || CAST(p."row" AS VARCHAR)
) AS person,
CASE WHEN a.person IS NULL AND m.person IS NULL THEN n.keys END AS phone_keys
FROM after_birth AS a
JOIN key_rows AS p USING (seq)
LEFT JOIN phone_met AS m USING (seq)
LEFT JOIN phone_new AS n USING (seq)
