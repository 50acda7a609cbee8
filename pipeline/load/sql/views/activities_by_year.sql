-- One row per year an activity takes place (activities.year: from its sentence, its name or its
-- document's date, see date_source): how many activities, how many documents mention them.
-- requires: activities.year
CREATE OR REPLACE VIEW activities_by_year AS
SELECT
    year,
    count(*) AS activities,
    count(DISTINCT doc_id) AS documents
FROM activities
GROUP BY ALL
ORDER BY year NULLS LAST;
