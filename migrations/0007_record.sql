-- The rest of the chart patients read: problems, immunizations, vitals and
-- visit summaries (fed from the clinic's EHR; the demo seeds them).

CREATE TABLE problems (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  snomed VARCHAR(20) NULL,
  status ENUM('active','resolved') NOT NULL DEFAULT 'active',
  onset_on DATE NULL,
  resolved_on DATE NULL,
  KEY problems_patient (clinic_id, patient_id),
  CONSTRAINT problems_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE immunizations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  vaccine VARCHAR(200) NOT NULL,
  cvx VARCHAR(10) NULL,
  given_on DATE NOT NULL,
  KEY immunizations_patient (clinic_id, patient_id, given_on),
  CONSTRAINT immunizations_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE vitals (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  measured_at DATETIME NOT NULL,
  weight_kg DECIMAL(6,2) NULL,
  height_cm DECIMAL(6,2) NULL,
  systolic SMALLINT NULL,
  diastolic SMALLINT NULL,
  pulse SMALLINT NULL,
  KEY vitals_patient (clinic_id, patient_id, measured_at),
  CONSTRAINT vitals_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE visit_summaries (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  visit_on DATE NOT NULL,
  provider_key VARCHAR(40) NULL,
  reason VARCHAR(200) NULL,
  diagnoses VARCHAR(500) NULL,
  instructions TEXT NULL,
  follow_up VARCHAR(200) NULL,
  KEY visit_summaries_patient (clinic_id, patient_id, visit_on),
  CONSTRAINT visit_summaries_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
