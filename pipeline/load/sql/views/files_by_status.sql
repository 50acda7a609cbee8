-- One row per file status (ok, empty, quarantined, deleted) and kind: how many input files.
CREATE OR REPLACE VIEW files_by_status AS
SELECT
    status,
    kind,
    count(*) AS files,
    sum(size_bytes)::BIGINT AS bytes
FROM files
GROUP BY ALL
ORDER BY status, kind;
