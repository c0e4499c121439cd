// The record: every section of the patient's own chart, a printable copy,
// and a FHIR R4 Bundle whose references resolve inside it; nothing of
// another patient and no unreleased result; every view and download
// audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, signedIn, sql, sqlValue, lastAuditId, auditSince, patientId } from './lib.mjs';

test('the record shows every section of the patient\'s own chart, in English and Spanish, audited', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const before = lastAuditId();
  const page = await maria.get('/riverside/record');
  assert.equal(page.status, 200);
  for (const text of ['Metformin 500 mg tablet', 'Penicillin', 'Type 2 diabetes mellitus', 'Tdap', '142/88',
    'Diabetes follow-up', 'Walk 30 minutes a day']) {
    assert.ok(page.text.includes(text), text);
  }
  assert.ok(!page.text.includes('Amlodipine') && !page.text.includes('Hyperlipidemia'), 'nothing of James');
  // Weight and blood pressure trends: SVG charts beside the table.
  assert.ok(page.text.includes('Weight (kg) over time') && page.text.includes('Blood pressure over time'));
  assert.equal((page.text.match(/<svg [^>]*role="img"/g) || []).length, 2);
  assert.equal((page.text.match(/<polyline class="line2"/g) || []).length, 1, 'diastolic as a second line');
  assert.equal((page.text.match(/<circle class="point line-point"/g) || []).length, 6, 'three weights, three systolic values');
  assert.ok(auditSince(before).some((r) => r.action === 'record.view' && r.patient === String(patientId('riverside', 'R100234'))));
  const print = await maria.get('/riverside/record/print');
  assert.ok(print.text.includes('R100234') && print.text.includes('Printed on'));
  const rosa = await signedIn('valle', 'rosa@valle.example');
  const es = await rosa.get('/valle/record');
  assert.ok(es.text.includes('Mi expediente médico') && es.text.includes('Látex') && !es.text.includes('Penicillin'));
});

test('the FHIR download: a Bundle of the record whose references all resolve inside it', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const pid = patientId('riverside', 'R100234');
  // A result not released yet stays out of the download.
  sql(`INSERT INTO lab_reports (clinic_id, patient_id, panel_name, category, collected_at, reported_at, status)
    SELECT clinic_id, id, 'Held panel', 'pathology', UTC_TIMESTAMP(), UTC_TIMESTAMP(), 'final' FROM patients WHERE id = ${pid}`);
  sql(`INSERT INTO lab_results (report_id, clinic_id, patient_id, loinc, name, value_text) SELECT MAX(id), clinic_id, patient_id,
    '99999-9', 'Held value', 'secret' FROM lab_reports WHERE panel_name = 'Held panel' GROUP BY clinic_id, patient_id`);
  const before = lastAuditId();
  const res = await maria.get('/riverside/record/fhir');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/fhir+json');
  assert.match(res.headers.get('content-disposition'), /^attachment/);
  assert.ok(auditSince(before).some((r) => r.action === 'record.download' && r.patient === String(pid)));
  const bundle = JSON.parse(res.text);
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'collection');
  const urls = new Set(bundle.entry.map((e) => e.fullUrl));
  assert.equal(urls.size, bundle.entry.length, 'fullUrls are unique');
  const types = new Set(bundle.entry.map((e) => e.resource.resourceType));
  for (const t of ['Patient', 'Observation', 'AllergyIntolerance', 'MedicationRequest', 'Condition', 'Immunization', 'Encounter']) {
    assert.ok(types.has(t), t);
  }
  // Every reference points at an entry of the bundle.
  const refs = [];
  const walk = (o) => {
    if (Array.isArray(o)) o.forEach(walk);
    else if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) {
        if (k === 'reference') refs.push(v);
        else walk(v);
      }
    }
  };
  walk(bundle.entry.map((e) => e.resource));
  assert.ok(refs.length > 10);
  for (const r of refs) assert.ok(urls.has(r), `reference ${r} resolves`);
  for (const e of bundle.entry) assert.match(e.fullUrl, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const of = (t) => bundle.entry.map((e) => e.resource).filter((x) => x.resourceType === t);
  const [patient] = of('Patient');
  assert.equal(patient.birthDate, '1968-04-12');
  assert.equal(patient.gender, 'female');
  assert.equal(patient.identifier[0].value, 'R100234');
  for (const o of of('Observation')) {
    assert.ok(['final', 'corrected', 'preliminary'].includes(o.status));
    assert.ok(o.code && o.category && o.subject && o.effectiveDateTime);
  }
  const a1c = of('Observation').filter((o) => o.code.coding?.[0]?.code === '4548-4');
  assert.equal(a1c.length, 2);
  assert.equal(a1c[0].code.coding[0].system, 'http://loinc.org');
  assert.equal(a1c[0].valueQuantity.unit, '%');
  assert.ok(a1c.some((o) => o.interpretation?.[0].coding[0].code === 'H'));
  assert.ok(of('Observation').some((o) => o.code.coding?.[0]?.code === '85354-9' && o.component.length === 2), 'blood pressure');
  assert.ok(!res.text.includes('Held value'), 'no unreleased result');
  const meds = of('MedicationRequest');
  assert.ok(meds.every((m) => m.status && m.intent === 'order' && m.subject && m.medicationCodeableConcept));
  assert.ok(meds.some((m) => m.medicationCodeableConcept.coding?.[0].system === 'http://www.nlm.nih.gov/research/umls/rxnorm'));
  assert.ok(of('Condition').every((c) => c.clinicalStatus && c.code && c.subject && c.category));
  assert.ok(of('Condition').some((c) => c.code.coding?.[0].system === 'http://snomed.info/sct'));
  assert.ok(of('Immunization').every((i) => i.status === 'completed' && i.vaccineCode.coding[0].system === 'http://hl7.org/fhir/sid/cvx' && i.occurrenceDateTime && i.patient));
  assert.ok(of('AllergyIntolerance').every((x) => x.patient && x.code.text && x.clinicalStatus));
  assert.ok(of('Encounter').every((x) => x.status === 'finished' && x.class.code === 'AMB' && x.subject));
  assert.ok(!res.text.includes('Amlodipine'), 'nothing of another patient');
  sql("DELETE FROM lab_results WHERE name = 'Held value'");
  sql("DELETE FROM lab_reports WHERE panel_name = 'Held panel'");
});

test('CSRF: sharing, revoking and reporting from the record need the form\'s token', async () => {
  const { freshPatient } = await import('./lib.mjs');
  const { client, pid } = await freshPatient();
  for (const [path, body] of [['/riverside/record/shares', { label: 'x', hours: '24' }],
    ['/riverside/record/reports', { kind: 'allergy', item: 'Latex', idem: 'c'.repeat(32) }],
    ['/riverside/record/shares/1/revoke', {}]]) {
    assert.equal((await client.post(path, { csrf_token: 'forged', ...body })).status, 403, path);
  }
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM record_shares WHERE patient_id = ${pid}`)), 0);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM patient_reports WHERE patient_id = ${pid}`)), 0);
});

test('the record needs a patient session', async () => {
  assert.equal((await new Client().get('/riverside/record/fhir')).status, 303);
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  assert.equal((await nurse.get('/riverside/record')).status, 404);
  assert.ok(sqlValue('SELECT 1'));
});

test('share links: a read-only copy for the chosen time, listed, revocable, every use audited', async () => {
  const { setClock, resetClock, csrfFrom, freshPatient } = await import('./lib.mjs');
  const { client, pid } = await freshPatient();
  sql(`INSERT INTO allergies (clinic_id, patient_id, substance, reaction, severity) SELECT clinic_id, id, 'Peanuts', 'Swelling', 'severe' FROM patients WHERE id = ${pid}`);
  const page = await client.get('/riverside/record');
  const bad = await client.post('/riverside/record/shares', { csrf_token: csrfFrom(page.text), label: '', hours: '5' });
  assert.equal(bad.status, 200);
  assert.ok(bad.text.includes('Say whom the link is for') && bad.text.includes('Choose how long'));
  const made = await client.post('/riverside/record/shares', { csrf_token: csrfFrom(page.text), label: 'Dr. Patel, cardiology', hours: '24' });
  assert.equal(made.status, 200);
  const link = made.text.match(/value="(http[^"]+\/riverside\/shared\?t=([A-Za-z0-9_-]{43}))"/);
  assert.ok(link, 'the link is shown once');
  const token = link[2];
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM record_shares WHERE token_hash = SHA2('${token}', 256)`)), 1, 'only the hash is kept');
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM record_shares WHERE token_hash = '${token}'`)), 0);
  const doctor = new Client();
  const before = lastAuditId();
  const copy = await doctor.get(`/riverside/shared?t=${token}`);
  assert.equal(copy.status, 200);
  assert.ok(copy.text.includes('Peanuts') && copy.text.includes('read-only copy'));
  assert.ok(!copy.text.includes('/record/shares'), 'no forms in the copy');
  assert.ok(auditSince(before).some((r) => r.action === 'record.shared_view' && r.patient === String(pid) && r.outcome === 'success'));
  const listed = await client.get('/riverside/record');
  assert.ok(listed.text.includes('Dr. Patel, cardiology'));
  // Tampered, expired, revoked: the same 404, audited.
  const flipped = token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6);
  const b2 = lastAuditId();
  assert.equal((await doctor.get(`/riverside/shared?t=${flipped}`)).status, 404);
  assert.equal((await doctor.get('/riverside/shared?t=short')).status, 404);
  assert.equal((await doctor.get(`/valle/shared?t=${token}`)).status, 404, 'another clinic');
  assert.ok(auditSince(b2).filter((r) => r.action === 'record.shared_view' && r.outcome === 'denied').length >= 3);
  try {
    setClock(25 * 3600);
    assert.equal((await doctor.get(`/riverside/shared?t=${token}`)).status, 404, 'expired');
  } finally {
    resetClock();
  }
  const id = sqlValue(`SELECT id FROM record_shares WHERE patient_id = ${pid}`);
  const other = await freshPatient();
  const op = await other.client.get('/riverside/record');
  assert.equal((await other.client.post(`/riverside/record/shares/${id}/revoke`, { csrf_token: csrfFrom(op.text) })).status, 404);
  const mine = await client.get('/riverside/record');
  assert.equal((await client.post(`/riverside/record/shares/${id}/revoke`, { csrf_token: 'forged' })).status, 403);
  const rev = await client.post(`/riverside/record/shares/${id}/revoke`, { csrf_token: csrfFrom(mine.text) });
  assert.equal(rev.status, 303);
  assert.equal((await doctor.get(`/riverside/shared?t=${token}`)).status, 404, 'revoked');
  assert.ok(!(await client.get('/riverside/record')).text.includes('Dr. Patel, cardiology'));
});

test('patient-entered data: reported from the record, pending review, accepted into the chart or dismissed', async () => {
  const { csrfFrom, freshPatient, freshStaff } = await import('./lib.mjs');
  const { client, pid } = await freshPatient();
  const page = await client.get('/riverside/record');
  const idem = (kind) => page.text.match(new RegExp(`name="idem" value="([0-9a-f]{32})">\\s*<input type="hidden" name="kind" value="${kind}"`))[1];
  const token = csrfFrom(page.text);
  const empty = await client.post('/riverside/record/reports', { csrf_token: token, idem: idem('medication'), kind: 'medication', item: '' });
  assert.equal(empty.status, 200);
  assert.ok(empty.text.includes('Write the name of the medicine.'));
  const sent = { csrf_token: token, idem: idem('medication'), kind: 'medication', item: 'Vitamin D 1000 IU', detail: 'One a day' };
  assert.equal((await client.post('/riverside/record/reports', sent)).status, 303);
  assert.equal((await client.post('/riverside/record/reports', sent)).status, 303, 'sent twice');
  await client.post('/riverside/record/reports', { csrf_token: token, idem: idem('allergy'), kind: 'allergy', item: 'Shellfish', detail: 'Hives' });
  await client.post('/riverside/record/reports', { csrf_token: token, idem: idem('contact'), kind: 'contact', phone: '(555) 777-1234', detail: '5 New Road' });
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM patient_reports WHERE patient_id = ${pid}`)), 3);
  const mine = await client.get('/riverside/record');
  assert.equal((mine.text.match(/pending review/g) || []).length, 3);
  assert.ok(!mine.text.includes('<th scope="row">Vitamin D'), 'not in the chart yet');
  const { email, password } = freshStaff();
  const nurse = await signedIn('riverside', email, password);
  const queue = await nurse.get('/riverside/staff/reports');
  const ids = sql(`SELECT id, kind FROM patient_reports WHERE patient_id = ${pid} ORDER BY id`);
  for (const [id] of ids) assert.ok(queue.text.includes(`/riverside/staff/reports/${id}/accept`));
  const [[medId], [allergyId], [contactId]] = ids;
  assert.equal((await nurse.post(`/riverside/staff/reports/${medId}/accept`, { csrf_token: 'forged' })).status, 403);
  assert.equal((await nurse.post(`/riverside/staff/reports/${medId}/accept`, { csrf_token: csrfFrom(queue.text) })).status, 303);
  assert.equal((await nurse.post(`/riverside/staff/reports/${contactId}/accept`, { csrf_token: csrfFrom(queue.text) })).status, 303);
  const noReason = await nurse.post(`/riverside/staff/reports/${allergyId}/dismiss`, { csrf_token: csrfFrom(queue.text), reason: '' });
  assert.ok(noReason.text.includes('Give a reason for dismissing it.'));
  await nurse.post(`/riverside/staff/reports/${allergyId}/dismiss`, { csrf_token: csrfFrom(queue.text), reason: 'Already recorded as shellfish allergy in the EHR; we will check at your visit.' });
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM medications WHERE patient_id = ${pid} AND name = 'Vitamin D 1000 IU' AND status = 'active'`)), 1);
  assert.equal(sqlValue(`SELECT phone FROM patients WHERE id = ${pid}`), '(555) 777-1234');
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM allergies WHERE patient_id = ${pid}`)), 0);
  const after = await client.get('/riverside/record');
  assert.ok(after.text.includes('<th scope="row">Vitamin D 1000 IU</th>'));
  assert.ok(after.text.includes('not added') && after.text.includes('we will check at your visit'));
  assert.equal((await nurse.post(`/riverside/staff/reports/${medId}/accept`, { csrf_token: csrfFrom(queue.text) })).status, 404, 'answered already');
  assert.equal((await client.get('/riverside/staff/reports')).status, 404);
  const valle = await signedIn('valle', 'admin@valle.example');
  const vq = await valle.get('/valle/staff/reports');
  assert.equal(vq.status, 200);
  assert.ok(!vq.text.includes('Vitamin D'));
  assert.equal((await valle.post(`/valle/staff/reports/${allergyId}/accept`, { csrf_token: csrfFrom(vq.text) })).status, 404);
});
