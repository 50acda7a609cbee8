-- One row per region of the member's unit: how many members.
-- requires: units.region
CREATE OR REPLACE VIEW members_by_region AS
SELECT
    coalesce(u.region, '(unknown)') AS region,
    count(*) AS members
FROM members m
LEFT JOIN units u ON u.name = m.unit_name
GROUP BY ALL
ORDER BY members DESC, region;
