-- phone_chain_step: one step of `phone_chains.sql`: each chained person takes the smallest label of the
-- people it shares a key with, when that is smaller than its own. Returns how many labels changed.
UPDATE phone_chains SET label = lowest.label
FROM (
    SELECT e.person, min(k.label) AS label
    FROM phone_edges AS e
    JOIN (
        SELECT e.key, min(c.label) AS label
        FROM phone_edges AS e JOIN phone_chains AS c USING (person)
        GROUP BY e.key
    ) AS k USING (key)
    GROUP BY e.person
) AS lowest
WHERE phone_chains.person = lowest.person AND lowest.label < phone_chains.label
