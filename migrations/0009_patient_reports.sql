-- What patients report from their record pages (a medication they take,
-- an allergy, a new phone or address): reviewed by staff, who accept it
-- into the chart or dismiss it with a reason.
CREATE TABLE patient_reports (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  kind ENUM('medication','allergy','contact') NOT NULL,
  item VARCHAR(200) NULL,
  detail VARCHAR(300) NULL,
  phone VARCHAR(40) NULL,
  status ENUM('pending','accepted','dismissed') NOT NULL DEFAULT 'pending',
  reason VARCHAR(300) NULL,
  reviewed_by BIGINT NULL,
  reviewed_at DATETIME NULL,
  idempotency_key CHAR(32) NOT NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY patient_reports_idempotency (clinic_id, patient_id, idempotency_key),
  KEY patient_reports_queue (clinic_id, status, created_at),
  KEY patient_reports_patient (clinic_id, patient_id, status),
  CONSTRAINT patient_reports_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
