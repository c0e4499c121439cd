-- Appointments: self-scheduling and requests, cancel and reschedule, the
-- waitlist, e-check-in, reminders with signed links, and availability
-- exceptions kept by staff.

-- type_key: the clinic's appointment type (NULL for visits fed from the
-- EHR). booked_by: who made it. rescheduled_to: the visit that replaced it.
-- reminders_queued_at: when its reminders went into the outbox (at booking,
-- or by the notifier's sweep for visits that came from the EHR).
ALTER TABLE appointments
  ADD COLUMN type_key VARCHAR(40) NULL AFTER location_key,
  ADD COLUMN booked_by ENUM('ehr','patient','staff') NOT NULL DEFAULT 'ehr' AFTER instructions,
  ADD COLUMN idempotency_key CHAR(32) NULL AFTER booked_by,
  ADD COLUMN confirmed_at DATETIME NULL AFTER idempotency_key,
  ADD COLUMN checked_in_at DATETIME NULL AFTER confirmed_at,
  ADD COLUMN reminders_queued_at DATETIME NULL AFTER checked_in_at,
  ADD COLUMN cancelled_at DATETIME NULL AFTER checked_in_at,
  ADD COLUMN cancelled_by ENUM('patient','staff','link') NULL AFTER cancelled_at,
  ADD COLUMN rescheduled_to BIGINT NULL AFTER cancelled_by,
  ADD COLUMN updated_at DATETIME NULL AFTER created_at,
  ADD UNIQUE KEY appointments_idempotency (clinic_id, patient_id, idempotency_key),
  ADD KEY appointments_day (clinic_id, starts_at, status, provider_key, duration_min),
  ADD KEY appointments_reminders (clinic_id, status, reminders_queued_at, starts_at);

-- Each active visit owns the 5-minute cells of its provider's time that it
-- covers. The primary key is what makes a double booking impossible: of
-- two bookings racing for one slot, the second insert fails, whatever the
-- timing. Cancelling deletes the cells.
CREATE TABLE appointment_cells (
  clinic_id BIGINT NOT NULL,
  provider_key VARCHAR(40) NOT NULL,
  cell_at DATETIME NOT NULL,
  appointment_id BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, provider_key, cell_at),
  KEY appointment_cells_appointment (appointment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Weekly hours kept by staff: a provider with rows here is bookable in
-- these hours instead of those of the clinic file. days: bit 0 Sunday ...
-- bit 6 Saturday; from_min and to_min: minutes after local midnight.
CREATE TABLE provider_hours (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  provider_key VARCHAR(40) NOT NULL,
  location_key VARCHAR(40) NOT NULL,
  days TINYINT UNSIGNED NOT NULL,
  from_min SMALLINT NOT NULL,
  to_min SMALLINT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  KEY provider_hours_clinic (clinic_id, provider_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Time off and holidays: no open slots inside. provider_key NULL: the whole
-- clinic is closed.
CREATE TABLE availability_exceptions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  provider_key VARCHAR(40) NULL,
  starts_at DATETIME NOT NULL,
  ends_at DATETIME NOT NULL,
  reason VARCHAR(120) NOT NULL,
  created_by BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  KEY availability_exceptions_range (clinic_id, starts_at, ends_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A patient's request for a visit of a "request" type: staff book it (or
-- decline, with a note the patient reads).
CREATE TABLE appointment_requests (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  type_key VARCHAR(40) NOT NULL,
  preferred_days VARCHAR(40) NOT NULL,
  preferred_times VARCHAR(40) NOT NULL,
  reason VARCHAR(300) NOT NULL,
  status ENUM('pending','booked','declined','withdrawn') NOT NULL DEFAULT 'pending',
  appointment_id BIGINT NULL,
  staff_note VARCHAR(500) NULL,
  answered_by BIGINT NULL,
  answered_at DATETIME NULL,
  idempotency_key CHAR(32) NOT NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY appointment_requests_idempotency (clinic_id, patient_id, idempotency_key),
  KEY appointment_requests_queue (clinic_id, status, created_at),
  KEY appointment_requests_patient (clinic_id, patient_id, created_at),
  CONSTRAINT appointment_requests_patient_fk FOREIGN KEY (patient_id) REFERENCES patients (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The waitlist: a patient with a booking asks for an earlier slot of the
-- same type. One entry per booking.
CREATE TABLE waitlist (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  appointment_id BIGINT NOT NULL,
  type_key VARCHAR(40) NOT NULL,
  status ENUM('waiting','done','withdrawn') NOT NULL DEFAULT 'waiting',
  created_at DATETIME NOT NULL,
  UNIQUE KEY waitlist_appointment (appointment_id),
  KEY waitlist_queue (clinic_id, type_key, status, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A freed slot offered to a waiting patient until expires_at. Several
-- patients may hold offers for one slot; the cells decide who gets it.
CREATE TABLE waitlist_offers (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  waitlist_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  provider_key VARCHAR(40) NOT NULL,
  location_key VARCHAR(40) NOT NULL,
  starts_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  status ENUM('open','accepted','taken','expired') NOT NULL DEFAULT 'open',
  created_at DATETIME NOT NULL,
  answered_at DATETIME NULL,
  KEY waitlist_offers_patient (clinic_id, patient_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- e-Check-in: what the patient confirmed or changed before the visit. It
-- goes to a staff review queue, never straight into the chart.
CREATE TABLE checkins (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  patient_id BIGINT NOT NULL,
  appointment_id BIGINT NOT NULL,
  phone VARCHAR(40) NULL,
  email VARCHAR(254) NULL,
  address VARCHAR(300) NULL,
  insurance_payer VARCHAR(120) NULL,
  insurance_member_id VARCHAR(60) NULL,
  card_type VARCHAR(40) NULL,
  card_data MEDIUMBLOB NULL,
  medications TEXT NULL,
  allergies TEXT NULL,
  status ENUM('pending','reviewed') NOT NULL DEFAULT 'pending',
  submitted_at DATETIME NOT NULL,
  reviewed_by BIGINT NULL,
  reviewed_at DATETIME NULL,
  UNIQUE KEY checkins_appointment (appointment_id),
  KEY checkins_queue (clinic_id, status, submitted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A reminder link answers once: the nonce of each link used is kept.
CREATE TABLE visit_link_uses (
  nonce CHAR(16) NOT NULL PRIMARY KEY,
  clinic_id BIGINT NOT NULL,
  appointment_id BIGINT NOT NULL,
  action VARCHAR(20) NOT NULL,
  used_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Reminders are queued at booking for later; cancelling or moving the
-- visit cancels those still pending.
ALTER TABLE outbox
  ADD COLUMN appointment_id BIGINT NULL AFTER patient_id,
  ADD KEY outbox_appointment (appointment_id, status);
