-- One row per file with quarantined input: how many rows, the distinct reason codes and reasons.
-- requires: quarantine.reason_code
CREATE OR REPLACE VIEW quarantine_by_file AS
SELECT
    source_file,
    count(*) AS rows,
    string_agg(DISTINCT reason_code, ', ' ORDER BY reason_code) AS reason_codes,
    string_agg(DISTINCT reason, '; ' ORDER BY reason) AS reasons
FROM quarantine
GROUP BY ALL
ORDER BY rows DESC, source_file;
