-- requires: quarantine.reason_code
-- One row per reason code of quarantined input: how many rows and files, and one reason as an example.
CREATE OR REPLACE VIEW quarantine_by_code AS
SELECT
    reason_code,
    count(*) AS rows,
    count(DISTINCT source_file) AS files,
    min(reason) AS example
FROM quarantine
GROUP BY ALL
ORDER BY rows DESC, reason_code;
