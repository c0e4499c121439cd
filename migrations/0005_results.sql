-- Results entered and released by staff: who entered them, when they were
-- last changed, and the sensitive flag (HIV, pregnancy, mental health,
-- substance use: set from the clinic's sensitive categories) that proxy
-- access will honour.
ALTER TABLE lab_reports
  ADD COLUMN is_sensitive TINYINT NOT NULL DEFAULT 0 AFTER category,
  ADD COLUMN entered_by BIGINT NULL AFTER comment,
  ADD COLUMN updated_at DATETIME NULL AFTER entered_by,
  ADD KEY lab_reports_clinic (clinic_id, reported_at);

ALTER TABLE lab_results
  ADD KEY lab_results_patient_trend (clinic_id, patient_id, loinc, report_id);
