-- Demo data for `portalctl seed-demo` (run once; portalctl skips it when the
-- demo is already there). Two clinics, patients with realistic charts, and
-- staff. portalctl sets @demo_password to the argon2id hash of the shared
-- demo password before running this file. Times are relative to now (UTC) so
-- the demo always has upcoming visits. Nothing here is a real person.

INSERT IGNORE INTO clinics (slug, created_at) VALUES ('riverside', UTC_TIMESTAMP()), ('valle', UTC_TIMESTAMP());
SET @riverside = (SELECT id FROM clinics WHERE slug = 'riverside');
SET @valle = (SELECT id FROM clinics WHERE slug = 'valle');
SET @today = DATE(UTC_TIMESTAMP());

-- Patients. Maria reads Spanish and English; James English; Rosa Spanish.
-- The others have no portal account yet: staff enrol them.
INSERT INTO patients (clinic_id, mrn, first_name, last_name, dob, sex, lang, phone, email, address_line, city, state, postal_code, created_at) VALUES
 (@riverside, 'R100234', 'Maria', 'Garcia', '1968-04-12', 'female', 'es', '(555) 201-3344', 'maria@riverside.example', '88 Elm Street', 'Springfield', 'IL', '62702', UTC_TIMESTAMP()),
 (@riverside, 'R100581', 'James', 'Wilson', '1951-11-03', 'male', 'en', '(555) 201-7781', 'james@riverside.example', '12 Oak Avenue', 'Springfield', 'IL', '62704', UTC_TIMESTAMP()),
 (@riverside, 'R100902', 'Ana', 'López', '1990-07-22', 'female', 'es', '(555) 201-9020', NULL, '301 Pine Court', 'Springfield', 'IL', '62703', UTC_TIMESTAMP()),
 (@riverside, 'R101115', 'Robert', 'Johnson', '1975-01-30', 'male', 'en', '(555) 201-1115', NULL, '9 Birch Lane', 'Springfield', 'IL', '62701', UTC_TIMESTAMP()),
 (@riverside, 'R101377', 'Linh', 'Nguyen', '2001-09-14', 'female', 'en', '(555) 201-1377', NULL, '77 Cedar Road', 'Springfield', 'IL', '62707', UTC_TIMESTAMP()),
 (@valle, 'V2001', 'Rosa', 'Hernández', '1983-02-08', 'female', 'es', '(555) 301-2001', 'rosa@valle.example', '45 Calle Roble', 'Fresno', 'CA', '93702', UTC_TIMESTAMP()),
 (@valle, 'V2002', 'Luis', 'Torres', '1962-06-19', 'male', 'es', '(555) 301-2002', NULL, '18 Avenida Sol', 'Fresno', 'CA', '93703', UTC_TIMESTAMP());

SET @maria = (SELECT id FROM patients WHERE clinic_id = @riverside AND mrn = 'R100234');
SET @james = (SELECT id FROM patients WHERE clinic_id = @riverside AND mrn = 'R100581');
SET @rosa = (SELECT id FROM patients WHERE clinic_id = @valle AND mrn = 'V2001');

-- Accounts: three patients and four staff, all with the demo password.
INSERT INTO users (clinic_id, email, password_hash, role, patient_id, display_name, lang, status, created_at) VALUES
 (@riverside, 'maria@riverside.example', @demo_password, 'patient', @maria, 'Maria Garcia', 'en', 'active', UTC_TIMESTAMP()),
 (@riverside, 'james@riverside.example', @demo_password, 'patient', @james, 'James Wilson', 'en', 'active', UTC_TIMESTAMP()),
 (@valle, 'rosa@valle.example', @demo_password, 'patient', @rosa, 'Rosa Hernández', 'es', 'active', UTC_TIMESTAMP()),
 (@riverside, 'nurse@riverside.example', @demo_password, 'nurse', NULL, 'Pat Morgan, RN', 'en', 'active', UTC_TIMESTAMP()),
 (@riverside, 'dr.chen@riverside.example', @demo_password, 'provider', NULL, 'Dr. Li Chen', 'en', 'active', UTC_TIMESTAMP()),
 (@riverside, 'admin@riverside.example', @demo_password, 'clinic_admin', NULL, 'Sam Rivera', 'en', 'active', UTC_TIMESTAMP()),
 (@valle, 'admin@valle.example', @demo_password, 'clinic_admin', NULL, 'Elena Ruiz', 'es', 'active', UTC_TIMESTAMP());

-- Appointments: upcoming and past.
INSERT INTO appointments (clinic_id, patient_id, provider_key, location_key, visit_type, mode, starts_at, duration_min, status, reason, instructions, created_at) VALUES
 (@riverside, @maria, 'chen', 'main', 'Diabetes follow-up', 'in_person', @today + INTERVAL 3 DAY + INTERVAL 15 HOUR + INTERVAL 30 MINUTE, 20, 'scheduled', 'A1c review', 'Bring your glucose log and all your medicines.', UTC_TIMESTAMP()),
 (@riverside, @maria, 'okafor', 'eastside', 'Annual physical', 'in_person', @today + INTERVAL 40 DAY + INTERVAL 14 HOUR, 40, 'scheduled', NULL, 'Do not eat for 8 hours before the visit.', UTC_TIMESTAMP()),
 (@riverside, @maria, 'chen', 'main', 'Diabetes follow-up', 'in_person', @today - INTERVAL 88 DAY + INTERVAL 16 HOUR, 20, 'completed', 'A1c review', NULL, UTC_TIMESTAMP()),
 (@riverside, @james, 'chen', 'main', 'Blood pressure check', 'video', @today + INTERVAL 1 DAY + INTERVAL 19 HOUR, 15, 'scheduled', NULL, 'You will get a link to join the video visit.', UTC_TIMESTAMP()),
 (@riverside, @james, 'chen', 'main', 'Sick visit', 'in_person', @today - INTERVAL 20 DAY + INTERVAL 15 HOUR, 20, 'completed', 'Cough', NULL, UTC_TIMESTAMP()),
 (@valle, @rosa, 'ramirez', 'centro', 'Control prenatal', 'in_person', @today + INTERVAL 5 DAY + INTERVAL 17 HOUR, 30, 'scheduled', NULL, 'Traiga su tarjeta de seguro.', UTC_TIMESTAMP());

-- The time of each scheduled visit is taken, as a booking takes it: the
-- provider's 5-minute cells (see migrations/0004_appointments.sql).
INSERT INTO appointment_cells (clinic_id, provider_key, cell_at, appointment_id)
WITH RECURSIVE cells AS (
  SELECT id, clinic_id, provider_key, starts_at AS cell_at, starts_at + INTERVAL duration_min MINUTE AS ends_at
  FROM appointments WHERE status IN ('scheduled', 'arrived')
  UNION ALL
  SELECT id, clinic_id, provider_key, cell_at + INTERVAL 5 MINUTE, ends_at FROM cells
  WHERE cell_at + INTERVAL 5 MINUTE < ends_at)
SELECT clinic_id, provider_key, cell_at, id FROM cells;

-- Messages: each patient has a thread with an unread reply from staff.
INSERT INTO message_threads (clinic_id, patient_id, topic, subject, care_team, status, urgent, created_at, updated_at, first_response_at) VALUES
 (@riverside, @maria, 'prescription', 'Metformin and my stomach', 'family', 'open', 0, UTC_TIMESTAMP() - INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY),
 (@riverside, @james, 'appointment', 'Video visit tomorrow', 'family', 'open', 0, UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 2 DAY),
 (@valle, @rosa, 'medical', 'Vitaminas prenatales', 'general', 'open', 0, UTC_TIMESTAMP() - INTERVAL 4 DAY, UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 3 DAY);
SET @t_maria = (SELECT id FROM message_threads WHERE clinic_id = @riverside AND patient_id = @maria LIMIT 1);
SET @t_james = (SELECT id FROM message_threads WHERE clinic_id = @riverside AND patient_id = @james LIMIT 1);
SET @t_rosa = (SELECT id FROM message_threads WHERE clinic_id = @valle AND patient_id = @rosa LIMIT 1);
SET @nurse = (SELECT id FROM users WHERE email = 'nurse@riverside.example');
INSERT INTO messages (thread_id, clinic_id, patient_id, author_user_id, from_patient, body, created_at, read_by_patient_at) VALUES
 (@t_maria, @riverside, @maria, NULL, 1, 'Since I started the new metformin my stomach hurts after breakfast. Should I keep taking it?', UTC_TIMESTAMP() - INTERVAL 2 DAY, NULL),
 (@t_maria, @riverside, @maria, @nurse, 0, 'Hi Maria, please take it with food, in the middle of the meal. If the pain continues after a week, let us know and Dr. Chen will review the dose.', UTC_TIMESTAMP() - INTERVAL 1 DAY, NULL),
 (@t_james, @riverside, @james, NULL, 1, 'Do I need to do anything before the video visit tomorrow?', UTC_TIMESTAMP() - INTERVAL 3 DAY, NULL),
 (@t_james, @riverside, @james, @nurse, 0, 'Please take your blood pressure in the morning and have the numbers ready.', UTC_TIMESTAMP() - INTERVAL 2 DAY, NULL),
 (@t_rosa, @valle, @rosa, NULL, 1, '¿Puedo tomar las vitaminas prenatales en la noche?', UTC_TIMESTAMP() - INTERVAL 4 DAY, NULL),
 (@t_rosa, @valle, @rosa, NULL, 0, 'Sí, Rosa, puede tomarlas en la noche con un poco de comida.', UTC_TIMESTAMP() - INTERVAL 3 DAY, NULL);

-- Results: released final reports, the latest unread.
INSERT INTO lab_reports (clinic_id, patient_id, panel_name, panel_loinc, category, ordering_provider_key, collected_at, reported_at, status, released_at, read_at, comment) VALUES
 (@riverside, @maria, 'Hemoglobin A1c', '4548-4', 'chemistry', 'chen', UTC_TIMESTAMP() - INTERVAL 95 DAY, UTC_TIMESTAMP() - INTERVAL 94 DAY, 'final', UTC_TIMESTAMP() - INTERVAL 94 DAY, UTC_TIMESTAMP() - INTERVAL 90 DAY, NULL),
 (@riverside, @maria, 'Hemoglobin A1c', '4548-4', 'chemistry', 'chen', UTC_TIMESTAMP() - INTERVAL 5 DAY, UTC_TIMESTAMP() - INTERVAL 4 DAY, 'final', UTC_TIMESTAMP() - INTERVAL 4 DAY, NULL, 'Better than last time. Keep going with the diet and the metformin.'),
 (@riverside, @maria, 'Basic metabolic panel', '51990-0', 'chemistry', 'chen', UTC_TIMESTAMP() - INTERVAL 5 DAY, UTC_TIMESTAMP() - INTERVAL 4 DAY, 'final', UTC_TIMESTAMP() - INTERVAL 4 DAY, NULL, NULL),
 (@riverside, @james, 'Lipid panel', '57698-3', 'chemistry', 'chen', UTC_TIMESTAMP() - INTERVAL 21 DAY, UTC_TIMESTAMP() - INTERVAL 20 DAY, 'final', UTC_TIMESTAMP() - INTERVAL 20 DAY, NULL, NULL),
 (@valle, @rosa, 'Hemograma completo', '58410-2', 'hematology', 'ramirez', UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 9 DAY, 'final', UTC_TIMESTAMP() - INTERVAL 9 DAY, NULL, NULL);
INSERT INTO lab_results (report_id, clinic_id, patient_id, loinc, name, value_num, unit, ref_low, ref_high, flag)
 SELECT id, clinic_id, patient_id, '4548-4', 'Hemoglobin A1c', IF(read_at IS NULL, 7.4, 8.1), '%', 4.0, 5.6, 'high'
 FROM lab_reports WHERE panel_loinc = '4548-4';
INSERT INTO lab_results (report_id, clinic_id, patient_id, loinc, name, value_num, unit, ref_low, ref_high, flag)
 SELECT id, clinic_id, patient_id, '2345-7', 'Glucose', 142, 'mg/dL', 70, 99, 'high' FROM lab_reports WHERE panel_loinc = '51990-0'
 UNION ALL SELECT id, clinic_id, patient_id, '2160-0', 'Creatinine', 0.9, 'mg/dL', 0.6, 1.1, 'normal' FROM lab_reports WHERE panel_loinc = '51990-0'
 UNION ALL SELECT id, clinic_id, patient_id, '2823-3', 'Potassium', 4.2, 'mmol/L', 3.5, 5.1, 'normal' FROM lab_reports WHERE panel_loinc = '51990-0'
 UNION ALL SELECT id, clinic_id, patient_id, '2093-3', 'Cholesterol, total', 232, 'mg/dL', NULL, 200, 'high' FROM lab_reports WHERE panel_loinc = '57698-3'
 UNION ALL SELECT id, clinic_id, patient_id, '2085-9', 'HDL cholesterol', 48, 'mg/dL', 40, NULL, 'normal' FROM lab_reports WHERE panel_loinc = '57698-3'
 UNION ALL SELECT id, clinic_id, patient_id, '718-7', 'Hemoglobina', 11.2, 'g/dL', 11.6, 15.0, 'low' FROM lab_reports WHERE panel_loinc = '58410-2';

-- Medications and allergies.
INSERT INTO medications (clinic_id, patient_id, name, rxnorm, dose, instructions, prescriber_key, status, refillable, refills_left, started_on) VALUES
 (@riverside, @maria, 'Metformin 500 mg tablet', '861007', '500 mg', 'Take 1 tablet twice a day with meals.', 'chen', 'active', 1, 3, @today - INTERVAL 200 DAY),
 (@riverside, @maria, 'Lisinopril 10 mg tablet', '314076', '10 mg', 'Take 1 tablet every morning.', 'chen', 'active', 1, 5, @today - INTERVAL 400 DAY),
 (@riverside, @james, 'Amlodipine 5 mg tablet', '197361', '5 mg', 'Take 1 tablet every day.', 'chen', 'active', 1, 2, @today - INTERVAL 300 DAY),
 (@riverside, @james, 'Atorvastatin 20 mg tablet', '617310', '20 mg', 'Take 1 tablet at bedtime.', 'chen', 'active', 0, 0, @today - INTERVAL 15 DAY),
 (@valle, @rosa, 'Vitaminas prenatales', NULL, '1 tableta', 'Tome 1 tableta al día.', 'ramirez', 'active', 1, 6, @today - INTERVAL 60 DAY);
INSERT INTO allergies (clinic_id, patient_id, substance, reaction, severity, noted_on) VALUES
 (@riverside, @maria, 'Penicillin', 'Hives', 'moderate', '2009-05-01'),
 (@riverside, @james, 'Sulfa drugs', 'Rash', 'mild', '1998-01-15'),
 (@valle, @rosa, 'Látex', 'Picazón', 'mild', '2015-03-10');

-- Balances (sliding-fee statements).
INSERT INTO billing_statements (clinic_id, patient_id, statement_date, due_date, total_cents, balance_cents) VALUES
 (@riverside, @maria, @today - INTERVAL 12 DAY, @today + INTERVAL 18 DAY, 4500, 2500),
 (@riverside, @james, @today - INTERVAL 40 DAY, @today - INTERVAL 10 DAY, 2000, 0),
 (@valle, @rosa, @today - INTERVAL 8 DAY, @today + INTERVAL 22 DAY, 1500, 1500);

-- The rest of the record: problems, immunizations, vitals, visit summaries.
INSERT INTO problems (clinic_id, patient_id, name, snomed, status, onset_on, resolved_on) VALUES
 (@riverside, @maria, 'Type 2 diabetes mellitus', '44054006', 'active', '2019-03-01', NULL),
 (@riverside, @maria, 'Essential hypertension', '59621000', 'active', '2017-06-15', NULL),
 (@riverside, @maria, 'Acute bronchitis', '10509002', 'resolved', '2023-01-10', '2023-02-01'),
 (@riverside, @james, 'Hyperlipidemia', '55822004', 'active', '2020-09-01', NULL),
 (@valle, @rosa, 'Embarazo', '77386006', 'active', @today - INTERVAL 120 DAY, NULL);
INSERT INTO immunizations (clinic_id, patient_id, vaccine, cvx, given_on) VALUES
 (@riverside, @maria, 'Influenza, seasonal, injectable', '141', @today - INTERVAL 60 DAY),
 (@riverside, @maria, 'Tdap', '115', '2020-08-12'),
 (@riverside, @maria, 'COVID-19, mRNA', '208', '2021-04-02'),
 (@riverside, @james, 'Pneumococcal conjugate PCV 20', '216', '2023-10-05');
INSERT INTO vitals (clinic_id, patient_id, measured_at, weight_kg, height_cm, systolic, diastolic, pulse) VALUES
 (@riverside, @maria, @today - INTERVAL 88 DAY + INTERVAL 16 HOUR, 82.5, 160, 142, 88, 76),
 (@riverside, @maria, @today - INTERVAL 180 DAY + INTERVAL 16 HOUR, 84.1, 160, 148, 92, 80),
 (@riverside, @maria, @today - INTERVAL 270 DAY + INTERVAL 16 HOUR, 85.0, 160, 150, 94, 78),
 (@riverside, @james, @today - INTERVAL 20 DAY + INTERVAL 15 HOUR, 91.2, 178, 136, 84, 70);
INSERT INTO visit_summaries (clinic_id, patient_id, visit_on, provider_key, reason, diagnoses, instructions, follow_up) VALUES
 (@riverside, @maria, @today - INTERVAL 88 DAY, 'chen', 'Diabetes follow-up', 'Type 2 diabetes; hypertension',
  'Keep taking metformin with meals. Walk 30 minutes a day. Check your feet every evening.', 'Return in 3 months with an A1c test'),
 (@riverside, @james, @today - INTERVAL 20 DAY, 'chen', 'Cough', 'Acute bronchitis',
  'Rest, drink fluids, honey for the cough. Call if you have fever over 101 F or trouble breathing.', 'As needed');
