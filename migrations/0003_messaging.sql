-- Secure messaging and notifications: thread state for the staff inbox,
-- idempotent sends, attachments stored in the database (any server can
-- serve them), the outbox that every notification goes through, and each
-- patient's notification preferences.

-- awaiting_staff: the patient wrote last. first_response_at: the first staff
-- reply, for response-time figures (minus created_at).
ALTER TABLE message_threads
  ADD COLUMN awaiting_staff TINYINT NOT NULL DEFAULT 0 AFTER urgent,
  ADD COLUMN first_response_at DATETIME NULL AFTER updated_at,
  ADD COLUMN closed_at DATETIME NULL AFTER first_response_at,
  ADD KEY message_threads_inbox (clinic_id, status, urgent, updated_at),
  ADD KEY message_threads_waiting (clinic_id, status, awaiting_staff, assigned_to);

ALTER TABLE messages
  ADD COLUMN idempotency_key CHAR(32) NULL AFTER body,
  ADD COLUMN read_by_staff_at DATETIME NULL AFTER read_by_patient_at,
  ADD UNIQUE KEY messages_idempotency (clinic_id, patient_id, idempotency_key),
  ADD KEY messages_sent (clinic_id, patient_id, from_patient, created_at);

CREATE TABLE message_attachments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  message_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  filename VARCHAR(200) NOT NULL,
  content_type VARCHAR(40) NOT NULL,
  size_bytes INT NOT NULL,
  data MEDIUMBLOB NOT NULL,
  created_at DATETIME NOT NULL,
  KEY message_attachments_message (message_id),
  CONSTRAINT message_attachments_message_fk FOREIGN KEY (message_id) REFERENCES messages (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per notification. Features insert rows in the same transaction as
-- the change they announce; the notifier claims due rows, sends, and records
-- the outcome. A row claimed by a notifier that died is taken again after
-- claimed_until, and that second try is recorded (interrupted_attempts).
CREATE TABLE outbox (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NULL,
  channel ENUM('email','sms') NOT NULL,
  recipient VARCHAR(254) NOT NULL,
  template VARCHAR(60) NOT NULL,
  lang CHAR(2) NOT NULL,
  link VARCHAR(500) NULL,
  due_at DATETIME NOT NULL,
  status ENUM('pending','sending','sent','failed','cancelled') NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  interrupted_attempts INT NOT NULL DEFAULT 0,
  claimed_by VARCHAR(100) NULL,
  claimed_until DATETIME NULL,
  last_error VARCHAR(300) NULL,
  transport_id VARCHAR(200) NULL,
  sent_at DATETIME NULL,
  created_at DATETIME NOT NULL,
  KEY outbox_due (status, due_at),
  KEY outbox_patient (clinic_id, patient_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE notification_prefs (
  user_id BIGINT NOT NULL PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  channel ENUM('email','sms','none') NOT NULL DEFAULT 'email',
  sms_phone VARCHAR(40) NULL,
  sms_opt_in_at DATETIME NULL,
  sms_opt_out_at DATETIME NULL,
  quiet_start CHAR(5) NULL,
  quiet_end CHAR(5) NULL,
  updated_at DATETIME NOT NULL,
  KEY notification_prefs_phone (clinic_id, sms_phone),
  CONSTRAINT notification_prefs_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
