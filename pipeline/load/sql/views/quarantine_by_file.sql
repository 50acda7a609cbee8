-- One row per file with quarantined input: how many rows, and the distinct reasons.
CREATE OR REPLACE VIEW quarantine_by_file AS
SELECT
    source_file,
    count(*) AS rows,
    string_agg(DISTINCT reason, '; ' ORDER BY reason) AS reasons
FROM quarantine
GROUP BY ALL
ORDER BY rows DESC, source_file;
