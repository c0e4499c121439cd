-- Time-limited links to a read-only copy of a patient's record, for a new
-- doctor. Only the SHA-256 of each link's token is kept.
CREATE TABLE record_shares (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  token_hash CHAR(64) NOT NULL,
  label VARCHAR(100) NOT NULL,
  expires_at DATETIME NOT NULL,
  revoked_at DATETIME NULL,
  uses INT NOT NULL DEFAULT 0,
  last_used_at DATETIME NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY record_shares_token (token_hash),
  KEY record_shares_patient (clinic_id, patient_id, expires_at),
  CONSTRAINT record_shares_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
