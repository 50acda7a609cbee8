-- One row per person listed in more than one roster file: how many rosters, which, and when the person
-- was first and last seen (the year a roster's file name writes, 2023年会员名单.csv -> 2023; null when it
-- writes none). The rosters are listed oldest first.
CREATE OR REPLACE VIEW members_in_several_rosters AS
WITH seen AS (
    SELECT DISTINCT
        member_id,
        source_file,
        TRY_CAST(regexp_extract(source_file, '(19|20)\d\d', 0) AS INTEGER) AS roster_year
    FROM member_sources
)
SELECT
    m.member_id,
    m.name,
    m.unit_name,
    count(*) AS rosters,
    string_agg(s.source_file, '; ' ORDER BY s.roster_year NULLS LAST, s.source_file) AS roster_files,
    min(s.roster_year) AS first_seen,
    max(s.roster_year) AS last_seen
FROM seen s
JOIN members m ON m.member_id = s.member_id
GROUP BY m.member_id, m.name, m.unit_name
HAVING count(*) > 1
ORDER BY rosters DESC, last_seen DESC NULLS LAST, m.name;
