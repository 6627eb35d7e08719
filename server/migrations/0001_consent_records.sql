-- The log of consent records. Portable SQL: the same file creates it in SQLite and PostgreSQL.
-- `content` is the canonical JSON the hash chain covers; the other columns repeat parts of it
-- so they can be indexed, and `verify` checks that they agree.
CREATE TABLE consent_records (
    seq BIGINT PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE,
    consent_id TEXT NOT NULL,
    received_ms BIGINT NOT NULL,
    content TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX consent_records_by_consent_id ON consent_records (consent_id, seq);
CREATE INDEX consent_records_by_received ON consent_records (received_ms, seq);
