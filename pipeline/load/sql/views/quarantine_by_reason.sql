-- One row per reason input was quarantined: how many rows and files.
CREATE OR REPLACE VIEW quarantine_by_reason AS
SELECT
    reason,
    count(*) AS rows,
    count(DISTINCT source_file) AS files
FROM quarantine
GROUP BY ALL
ORDER BY rows DESC, reason;
