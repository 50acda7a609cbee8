-- phone_chains: the people rule 3 names by a row's own keys (person "np:…") that share a name|phone key
-- with another such person, directly or through a chain of them, are one person, named by the smallest
-- of their names ("np:" and the smallest key of them all). Grain: one row per chained person, `label`
-- its group's name, lowered by `phone_chain_step.sql` until nothing changes.
-- Input: the table `row_people` (seq, person, phone_keys) that `person_keys.sql` gives.
-- Each step is a statement of its own over tables, so DuckDB can spill its joins to disk (one recursive
-- query over a million rows needed more than the 256 MB the match is given).
CREATE TEMP TABLE phone_edges AS
WITH edges AS (
    SELECT DISTINCT person, unnest(phone_keys) AS key FROM row_people WHERE phone_keys IS NOT NULL
)
-- only the keys two people or more share link anybody
SELECT person, key FROM edges WHERE key IN (SELECT key FROM edges GROUP BY key HAVING count(*) > 1);

CREATE TEMP TABLE phone_chains AS SELECT DISTINCT person, person AS label FROM phone_edges;
