-- Refill requests and the pharmacies patients send them to.

CREATE TABLE pharmacies (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  name VARCHAR(120) NOT NULL,
  address VARCHAR(300) NULL,
  phone VARCHAR(40) NULL,
  created_at DATETIME NOT NULL,
  KEY pharmacies_patient (clinic_id, patient_id),
  CONSTRAINT pharmacies_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- open_medication_id is the medication while the request is open
-- (requested or approved, not yet sent): its unique key is what allows one
-- open request per medication, whatever the timing of two submits.
CREATE TABLE refill_requests (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  medication_id BIGINT NOT NULL,
  pharmacy_id BIGINT NOT NULL,
  note VARCHAR(500) NULL,
  status ENUM('requested','approved','denied','sent') NOT NULL DEFAULT 'requested',
  reason VARCHAR(500) NULL,
  answered_by BIGINT NULL,
  answered_at DATETIME NULL,
  idempotency_key CHAR(32) NOT NULL,
  open_medication_id BIGINT AS (IF(status IN ('requested', 'approved'), medication_id, NULL)) PERSISTENT,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  UNIQUE KEY refill_requests_open (open_medication_id),
  UNIQUE KEY refill_requests_idempotency (clinic_id, patient_id, idempotency_key),
  KEY refill_requests_queue (clinic_id, status, created_at),
  KEY refill_requests_patient (clinic_id, patient_id, created_at),
  CONSTRAINT refill_requests_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id),
  CONSTRAINT refill_requests_medication_fk FOREIGN KEY (medication_id) REFERENCES medications (id),
  CONSTRAINT refill_requests_pharmacy_fk FOREIGN KEY (pharmacy_id) REFERENCES pharmacies (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
