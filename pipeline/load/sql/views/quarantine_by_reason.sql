-- One row per reason code (pipeline/reasons.py, docs/operations.md): how many rows and files, and one
-- of its reasons as an example.
-- requires: quarantine.reason_code
CREATE OR REPLACE VIEW quarantine_by_reason AS
SELECT
    reason_code,
    count(*) AS rows,
    count(DISTINCT source_file) AS files,
    min(reason) AS example
FROM quarantine
GROUP BY reason_code
ORDER BY rows DESC, reason_code;
