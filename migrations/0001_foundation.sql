-- Foundation: clinics, patients, accounts, sessions, sign-in throttling,
-- activation codes, the hash-chained audit log, and the chart tables that the
-- home page summarises (later migrations extend them as features land).
-- All times are UTC DATETIMEs written by the application (never NOW()), so a
-- test clock can move them.

CREATE TABLE clinics (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  slug VARCHAR(40) NOT NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY clinics_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE patients (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  mrn VARCHAR(32) NOT NULL,
  first_name VARCHAR(100) NOT NULL,
  last_name VARCHAR(100) NOT NULL,
  dob DATE NOT NULL,
  sex ENUM('female','male','other','unknown') NOT NULL DEFAULT 'unknown',
  lang CHAR(2) NOT NULL DEFAULT 'en',
  phone VARCHAR(40) NULL,
  email VARCHAR(254) NULL,
  address_line VARCHAR(200) NULL,
  city VARCHAR(100) NULL,
  state VARCHAR(40) NULL,
  postal_code VARCHAR(20) NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY patients_mrn (clinic_id, mrn),
  KEY patients_name (clinic_id, last_name, first_name),
  KEY patients_dob (clinic_id, dob),
  CONSTRAINT patients_clinic_fk FOREIGN KEY (clinic_id) REFERENCES clinics (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  email VARCHAR(254) NOT NULL,
  password_hash VARCHAR(200) NOT NULL,
  role ENUM('patient','provider','nurse','front_desk','billing','clinic_admin') NOT NULL,
  patient_id BIGINT NULL,
  display_name VARCHAR(200) NOT NULL,
  lang CHAR(2) NOT NULL DEFAULT 'en',
  status ENUM('active','disabled') NOT NULL DEFAULT 'active',
  created_at DATETIME NOT NULL,
  last_sign_in_at DATETIME NULL,
  UNIQUE KEY users_email (clinic_id, email),
  UNIQUE KEY users_patient (patient_id),
  CONSTRAINT users_clinic_fk FOREIGN KEY (clinic_id) REFERENCES clinics (id),
  CONSTRAINT users_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash BINARY(32) NOT NULL,
  user_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  last_seen_at DATETIME NOT NULL,
  UNIQUE KEY sessions_token (token_hash),
  KEY sessions_user (user_id),
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sign_in_attempts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  username VARCHAR(254) NOT NULL,
  attempted_at DATETIME NOT NULL,
  outcome ENUM('success','failure','locked') NOT NULL,
  KEY sign_in_attempts_recent (clinic_id, username, attempted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE activation_codes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  code_hash BINARY(32) NOT NULL,
  issued_by BIGINT NULL,
  issued_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  used_at DATETIME NULL,
  revoked_at DATETIME NULL,
  failed_attempts INT NOT NULL DEFAULT 0,
  UNIQUE KEY activation_codes_hash (code_hash),
  KEY activation_codes_patient (clinic_id, patient_id),
  CONSTRAINT activation_codes_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The audit log is append-only for the application: its account may SELECT
-- here and EXECUTE audit_append, nothing else (granted by portalctl migrate).
-- Each row's hash covers the previous row's hash, so an edited, inserted or
-- deleted row breaks the chain (portalctl audit verify).
CREATE TABLE audit_log (
  id BIGINT NOT NULL PRIMARY KEY,
  occurred_at DATETIME NOT NULL,
  user_id BIGINT NULL,
  role VARCHAR(20) NULL,
  clinic_id BIGINT NULL,
  patient_id BIGINT NULL,
  action VARCHAR(64) NOT NULL,
  object_type VARCHAR(40) NULL,
  object_id BIGINT NULL,
  outcome ENUM('success','failure','denied') NOT NULL,
  client_ip VARCHAR(45) NULL,
  prev_hash CHAR(64) NOT NULL,
  row_hash CHAR(64) NOT NULL,
  KEY audit_clinic_time (clinic_id, occurred_at),
  KEY audit_patient_time (patient_id, occurred_at),
  KEY audit_user_time (user_id, occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_head (
  id TINYINT NOT NULL PRIMARY KEY,
  last_id BIGINT NOT NULL,
  last_hash CHAR(64) NOT NULL
) ENGINE=InnoDB;

INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, REPEAT('0', 64));

-- Runs with its definer's rights, so the application can append rows it
-- cannot otherwise write. Inside a caller's transaction the row commits or
-- rolls back with the change it records; alone, it is its own transaction.
CREATE PROCEDURE audit_append(
  IN p_at DATETIME, IN p_user BIGINT, IN p_role VARCHAR(20), IN p_clinic BIGINT,
  IN p_patient BIGINT, IN p_action VARCHAR(64), IN p_object_type VARCHAR(40),
  IN p_object_id BIGINT, IN p_outcome VARCHAR(10), IN p_ip VARCHAR(45))
  MODIFIES SQL DATA
  SQL SECURITY DEFINER
BEGIN
  DECLARE v_id BIGINT;
  DECLARE v_prev CHAR(64);
  DECLARE v_hash CHAR(64);
  DECLARE v_own_tx INT DEFAULT 0;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    IF v_own_tx = 1 THEN ROLLBACK; END IF;
    RESIGNAL;
  END;
  IF @@in_transaction = 0 THEN
    START TRANSACTION;
    SET v_own_tx = 1;
  END IF;
  SELECT last_id, last_hash INTO v_id, v_prev FROM audit_head WHERE id = 1 FOR UPDATE;
  SET v_id = v_id + 1;
  SET v_hash = SHA2(CONCAT_WS('|', v_id, DATE_FORMAT(p_at, '%Y-%m-%d %H:%i:%s'),
      IFNULL(p_user, ''), IFNULL(p_role, ''), IFNULL(p_clinic, ''), IFNULL(p_patient, ''),
      p_action, CONCAT_WS(':', p_object_type, p_object_id), p_outcome, IFNULL(p_ip, ''),
      v_prev), 256);
  INSERT INTO audit_log (id, occurred_at, user_id, role, clinic_id, patient_id, action,
      object_type, object_id, outcome, client_ip, prev_hash, row_hash)
    VALUES (v_id, p_at, p_user, p_role, p_clinic, p_patient, p_action, p_object_type,
      p_object_id, p_outcome, p_ip, v_prev, v_hash);
  UPDATE audit_head SET last_id = v_id, last_hash = v_hash WHERE id = 1;
  IF v_own_tx = 1 THEN COMMIT; END IF;
END;

-- Chart data (fed from the clinic's EHR; the demo seeds it).
CREATE TABLE appointments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  provider_key VARCHAR(40) NOT NULL,
  location_key VARCHAR(40) NOT NULL,
  visit_type VARCHAR(100) NOT NULL,
  mode ENUM('in_person','video') NOT NULL DEFAULT 'in_person',
  starts_at DATETIME NOT NULL,
  duration_min SMALLINT NOT NULL DEFAULT 20,
  status ENUM('scheduled','arrived','completed','cancelled','no_show') NOT NULL DEFAULT 'scheduled',
  reason VARCHAR(200) NULL,
  instructions TEXT NULL,
  created_at DATETIME NOT NULL,
  KEY appointments_patient (clinic_id, patient_id, starts_at),
  KEY appointments_provider (clinic_id, provider_key, starts_at),
  CONSTRAINT appointments_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE message_threads (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  topic VARCHAR(40) NOT NULL,
  subject VARCHAR(200) NOT NULL,
  care_team VARCHAR(40) NOT NULL,
  status ENUM('open','closed') NOT NULL DEFAULT 'open',
  urgent TINYINT NOT NULL DEFAULT 0,
  assigned_to BIGINT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY message_threads_patient (clinic_id, patient_id, updated_at),
  CONSTRAINT message_threads_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE messages (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  thread_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  author_user_id BIGINT NULL,
  from_patient TINYINT NOT NULL,
  body TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  read_by_patient_at DATETIME NULL,
  KEY messages_unread (clinic_id, patient_id, from_patient, read_by_patient_at),
  KEY messages_thread (thread_id, created_at),
  CONSTRAINT messages_thread_fk FOREIGN KEY (thread_id) REFERENCES message_threads (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE lab_reports (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  panel_name VARCHAR(200) NOT NULL,
  panel_loinc VARCHAR(20) NULL,
  category VARCHAR(40) NOT NULL DEFAULT 'chemistry',
  ordering_provider_key VARCHAR(40) NULL,
  collected_at DATETIME NOT NULL,
  reported_at DATETIME NOT NULL,
  status ENUM('preliminary','final','corrected') NOT NULL,
  released_at DATETIME NULL,
  read_at DATETIME NULL,
  comment TEXT NULL,
  KEY lab_reports_patient (clinic_id, patient_id, released_at),
  CONSTRAINT lab_reports_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE lab_results (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  report_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  loinc VARCHAR(20) NULL,
  name VARCHAR(200) NOT NULL,
  value_num DECIMAL(14,4) NULL,
  value_text VARCHAR(200) NULL,
  unit VARCHAR(40) NULL,
  ref_low DECIMAL(14,4) NULL,
  ref_high DECIMAL(14,4) NULL,
  ref_text VARCHAR(100) NULL,
  flag ENUM('normal','low','high','critical_low','critical_high','abnormal') NOT NULL DEFAULT 'normal',
  KEY lab_results_report (report_id),
  KEY lab_results_trend (clinic_id, patient_id, loinc),
  CONSTRAINT lab_results_report_fk FOREIGN KEY (report_id) REFERENCES lab_reports (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE medications (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  rxnorm VARCHAR(20) NULL,
  dose VARCHAR(100) NULL,
  instructions VARCHAR(300) NULL,
  prescriber_key VARCHAR(40) NULL,
  status ENUM('active','stopped') NOT NULL DEFAULT 'active',
  refillable TINYINT NOT NULL DEFAULT 0,
  refills_left SMALLINT NOT NULL DEFAULT 0,
  started_on DATE NULL,
  stopped_on DATE NULL,
  KEY medications_patient (clinic_id, patient_id),
  CONSTRAINT medications_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE allergies (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  substance VARCHAR(200) NOT NULL,
  reaction VARCHAR(200) NULL,
  severity ENUM('mild','moderate','severe','unknown') NOT NULL DEFAULT 'unknown',
  noted_on DATE NULL,
  KEY allergies_patient (clinic_id, patient_id),
  CONSTRAINT allergies_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE billing_statements (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  statement_date DATE NOT NULL,
  due_date DATE NOT NULL,
  total_cents BIGINT NOT NULL,
  balance_cents BIGINT NOT NULL,
  KEY billing_statements_patient (clinic_id, patient_id),
  CONSTRAINT billing_statements_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
