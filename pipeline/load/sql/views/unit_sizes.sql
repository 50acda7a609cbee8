-- One row per unit named in units or by a member: its kind and how many members it has.
CREATE OR REPLACE VIEW unit_sizes AS
WITH counted AS (
    SELECT unit_name, count(*) AS members FROM members WHERE unit_name IS NOT NULL GROUP BY unit_name
)
SELECT
    u.unit_id,
    coalesce(u.name, c.unit_name) AS unit_name,
    u.kind,
    coalesce(c.members, 0) AS members,
    u.unit_id IS NULL AS is_missing_from_units
FROM units u
FULL OUTER JOIN counted c ON c.unit_name = u.name
ORDER BY members DESC, unit_name;
