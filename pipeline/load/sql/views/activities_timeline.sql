-- One row per year and kind of activity (竞赛, 培训, 展览 ...): how many activities.
-- requires: activities.kind, activities.year
CREATE OR REPLACE VIEW activities_timeline AS
SELECT
    year,
    coalesce(kind, '(unknown)') AS kind,
    count(*) AS activities
FROM activities
GROUP BY ALL
ORDER BY year NULLS LAST, kind;
