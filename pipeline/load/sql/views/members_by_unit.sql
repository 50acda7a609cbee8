-- One row per unit (organisation: its spellings are one unit_id) and member type: how many members a
-- unit has of each type. The unit is named by the units table, else as the members write it.
-- requires: members.unit_id
CREATE OR REPLACE VIEW members_by_unit AS
SELECT
    coalesce(u.name, m.unit_name, '(no unit)') AS unit_name,
    coalesce(m.member_type, '(unknown)') AS member_type,
    count(*) AS members
FROM members m
LEFT JOIN units u ON u.unit_id = m.unit_id
GROUP BY ALL
ORDER BY unit_name, member_type;
