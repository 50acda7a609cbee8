-- One row per unit and member type: how many members a unit has of each type.
CREATE OR REPLACE VIEW members_by_unit AS
SELECT
    coalesce(unit_name, '(no unit)') AS unit_name,
    coalesce(member_type, '(unknown)') AS member_type,
    count(*) AS members
FROM members
GROUP BY ALL
ORDER BY unit_name, member_type;
