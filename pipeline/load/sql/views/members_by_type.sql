-- One row per member type (会员类型): how many members, how many units they come from.
CREATE OR REPLACE VIEW members_by_type AS
SELECT
    coalesce(member_type, '(unknown)') AS member_type,
    count(*) AS members,
    count(DISTINCT unit_name) AS units
FROM members
GROUP BY ALL
ORDER BY members DESC, member_type;
