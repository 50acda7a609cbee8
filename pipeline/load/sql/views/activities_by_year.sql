-- One row per year an activity started: how many activities, how many documents mention them.
CREATE OR REPLACE VIEW activities_by_year AS
SELECT
    year(start_date) AS year,
    count(*) AS activities,
    count(DISTINCT doc_id) AS documents
FROM activities
GROUP BY ALL
ORDER BY year NULLS LAST;
