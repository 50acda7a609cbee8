-- One row per roster row of a person (member_sources), with the PDF page it is printed on (null for
-- spreadsheets and Word tables, which have no pages): the table_pages row of the same file and table
-- whose row range holds it. Personal data masked, as in member_sources_masked (made before the view files).
CREATE OR REPLACE VIEW member_sources_with_page AS
SELECT
    m.*,
    t.page
FROM member_sources_masked m
LEFT JOIN table_pages t
    ON t.source_file = m.source_file AND t.sheet = m.sheet AND m.row BETWEEN t.row_start AND t.row_end
ORDER BY m.source_file, m.sheet, m.row;
