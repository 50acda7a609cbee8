-- One row per document: its metadata and how much was found in it.
CREATE OR REPLACE VIEW document_overview AS
SELECT
    d.doc_id,
    d.source_file,
    d.kind,
    d.language,
    d.title,
    d.issuer,
    d.doc_number,
    d.issued_on,
    (SELECT count(*) FROM sections s WHERE s.doc_id = d.doc_id) AS sections,
    (SELECT count(*) FROM contacts c WHERE c.doc_id = d.doc_id) AS contacts,
    (SELECT count(*) FROM attachments a WHERE a.doc_id = d.doc_id) AS attachments,
    (SELECT count(*) FROM repairs r WHERE r.doc_id = d.doc_id) AS repairs
FROM documents d
ORDER BY d.source_file;
