-- One row per person, with personal data masked: what notebooks read by default.
-- ID 140602196309064680 -> 1406**********4680; mobile 13800138000 -> 138****8000; landline 0351-****2229.
CREATE OR REPLACE VIEW members_masked AS
SELECT
    * EXCLUDE (id_number, phone),
    CASE WHEN id_number IS NULL THEN NULL
         ELSE left(id_number, 4) || repeat('*', length(id_number) - 8) || right(id_number, 4) END AS id_number,
    CASE WHEN phone IS NULL THEN NULL
         WHEN length(phone) = 11 AND phone NOT LIKE '%-%' THEN left(phone, 3) || '****' || right(phone, 4)
         ELSE regexp_replace(phone, '^(\d+-)\d+(\d{4})$', '\1****\2') END AS phone
FROM members;
