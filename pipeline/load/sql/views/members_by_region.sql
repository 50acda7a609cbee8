-- One row per province and city of the member's unit: how many members.
-- requires: units.province, units.city, members.unit_id
CREATE OR REPLACE VIEW members_by_region AS
SELECT
    coalesce(u.province, '(unknown)') AS province,
    coalesce(u.city, '(unknown)') AS city,
    count(*) AS members
FROM members m
LEFT JOIN units u ON u.unit_id = m.unit_id
GROUP BY ALL
ORDER BY members DESC, province, city;
