-- One row per year of joining (入会年份): how many members joined, of which type.
-- requires: members.joined_on
CREATE OR REPLACE VIEW members_by_joining_year AS
SELECT
    year(joined_on) AS joining_year,
    coalesce(member_type, '(unknown)') AS member_type,
    count(*) AS members
FROM members
GROUP BY ALL
ORDER BY joining_year NULLS LAST, member_type;
