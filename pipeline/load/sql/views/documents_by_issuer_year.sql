-- One row per issuer and year of issue: how many documents.
CREATE OR REPLACE VIEW documents_by_issuer_year AS
SELECT
    coalesce(issuer, '(unknown)') AS issuer,
    year(issued_on) AS year,
    count(*) AS documents
FROM documents
GROUP BY ALL
ORDER BY issuer, year NULLS LAST;
