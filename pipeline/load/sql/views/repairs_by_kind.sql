-- One row per kind of repair applied: how many changes, in how many documents, how sure.
CREATE OR REPLACE VIEW repairs_by_kind AS
SELECT
    kind,
    count(*) AS repairs,
    count(DISTINCT doc_id) AS documents,
    round(avg(confidence), 3) AS mean_confidence
FROM repairs
GROUP BY ALL
ORDER BY repairs DESC, kind;
