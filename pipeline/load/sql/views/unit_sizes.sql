-- One row per unit named in units or by a member: its kind and how many members it has. Members are
-- counted by unit_id, so an organisation written several ways is one row.
-- requires: members.unit_id
CREATE OR REPLACE VIEW unit_sizes AS
WITH counted AS (
    SELECT unit_id, any_value(unit_name) AS unit_name, count(*) AS members
    FROM members
    WHERE unit_id IS NOT NULL
    GROUP BY unit_id
)
SELECT
    coalesce(u.unit_id, c.unit_id) AS unit_id,
    coalesce(u.name, c.unit_name) AS unit_name,
    u.kind,
    coalesce(c.members, 0) AS members,
    u.unit_id IS NULL AS is_missing_from_units
FROM units u
FULL OUTER JOIN counted c ON c.unit_id = u.unit_id
ORDER BY members DESC, unit_name;
