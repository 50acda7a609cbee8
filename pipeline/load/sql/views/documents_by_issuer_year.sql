-- One row per issuing organisation and year of issue: how many documents. An organisation written
-- several ways (中国青少年科技辅导员协会, China Youth Counselor Association) is one issuer: documents are
-- grouped by issuer_unit_id and named by the unit's full name.
-- requires: documents.issuer_unit_id
CREATE OR REPLACE VIEW documents_by_issuer_year AS
SELECT
    coalesce(u.name, d.issuer, '(unknown)') AS issuer,
    d.issuer_unit_id,
    year(d.issued_on) AS year,
    count(*) AS documents
FROM documents d
LEFT JOIN units u ON u.unit_id = d.issuer_unit_id
GROUP BY ALL
ORDER BY issuer, year NULLS LAST;
