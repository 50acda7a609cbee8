-- person_keys: one row per roster row of a person (grain: `seq`, the row's place in `parsed`), with
-- `person`, the key naming the person it belongs to: "id:…", "nb:…", "np:…" or "row:file:sheet:row".
-- Input: a relation `parsed` (seq, id_number, name, birth_date, phones, source_file, sheet, "row").
-- The rules, strongest first, are those of pipeline/transform/identity.py.
WITH keyed AS (
    SELECT seq, 'id:' || id_number AS by_id, name || '|' || CAST(birth_date AS VARCHAR) AS by_birth
    FROM parsed
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
    SELECT seq, key FROM (SELECT seq, name || '|' || unnest(phones) AS key FROM parsed)
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
phone_new AS (SELECT seq, 'np:' || min(key) AS person FROM phone_open GROUP BY seq)
SELECT a.seq, coalesce(
    a.person,
    CASE WHEN m.person = m.other THEN m.person WHEN m.person IS NULL THEN n.person END,
    -- 4. a person of its own
    'row:' || p.source_file || ':' || p.sheet || ':' || CAST(p."row" AS VARCHAR)
) AS person
FROM after_birth AS a
JOIN parsed AS p USING (seq)
LEFT JOIN phone_met AS m USING (seq)
LEFT JOIN phone_new AS n USING (seq)
ORDER BY a.seq
