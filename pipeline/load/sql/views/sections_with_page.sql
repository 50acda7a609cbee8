-- One row per section of a document: the section and the page it starts on (null for documents
-- without pages, such as .txt notices). The page is the `pages` row whose line range holds the
-- section's first line.
CREATE OR REPLACE VIEW sections_with_page AS
SELECT
    s.*,
    d.source_file,
    p.page
FROM sections s
JOIN documents d ON d.doc_id = s.doc_id
LEFT JOIN pages p ON p.doc_id = s.doc_id AND s.line_start BETWEEN p.line_start AND p.line_end
ORDER BY d.source_file, s.line_start;
