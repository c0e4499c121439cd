// Refill requests: refillable medications only, one open request per
// medication (held by the database), idempotent submits, pharmacies saved
// and reused, the staff queue (approve, deny with a reason, mark sent), the
// patient told of each change, scope (404 + audit) and CSRF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, signedIn, h1, csrfFrom, sql, sqlValue, lastAuditId, auditSince, freshPatient, freshStaff } from './lib.mjs';

function addMedication(pid, name, refillable = 1) {
  sql(`INSERT INTO medications (clinic_id, patient_id, name, dose, instructions, prescriber_key, status, refillable, refills_left, started_on)
    SELECT clinic_id, id, '${name}', '10 mg', 'Take 1 tablet a day.', 'chen', 'active', ${refillable}, 3, CURDATE() FROM patients WHERE id = ${pid}`);
  return Number(sqlValue(`SELECT MAX(id) FROM medications WHERE patient_id = ${pid}`));
}

async function form(client, med) {
  const page = await client.get(`/riverside/refills/new?medication=${med}`);
  assert.equal(page.status, 200, `form: ${page.status}`);
  return { token: csrfFrom(page.text), idem: page.text.match(/name="idem" value="([0-9a-f]{32})"/)[1], page };
}

test('a refill request to a new pharmacy; one open per medication; a double submit sends once', async () => {
  const { client, pid } = await freshPatient();
  const med = addMedication(pid, 'Lisinopril 10 mg tablet');
  const list = await client.get('/riverside/refills');
  assert.ok(list.text.includes('Lisinopril 10 mg tablet') && list.text.includes(`/riverside/refills/new?medication=${med}`));
  const { token, idem } = await form(client, med);
  const bad = await client.post('/riverside/refills', { csrf_token: token, idem, medication: med, pharmacy: '0', pharmacy_name: '' });
  assert.equal(bad.status, 200);
  assert.ok(bad.text.includes('give the name of another one'));
  const fields = { csrf_token: token, idem, medication: med, pharmacy: '0', pharmacy_name: 'Main Street Pharmacy',
    pharmacy_address: '10 Main St', pharmacy_phone: '(555) 300-1000', note: 'I have 5 left.' };
  const before = lastAuditId();
  const [a, b] = await Promise.all([client.post('/riverside/refills', fields), client.post('/riverside/refills', fields)]);
  assert.deepEqual([a.status, b.status], [303, 303]);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM refill_requests WHERE patient_id = ${pid}`)), 1, 'sent once');
  assert.ok(auditSince(before).some((r) => r.action === 'refill.request' && r.outcome === 'success'));
  const after = await client.get(a.location);
  assert.ok(after.text.includes('Your request was sent') && after.text.includes('Request open: Requested'));
  // A second request for the same medicine, from a fresh form: refused.
  const second = await form(client, med);
  assert.ok(second.page.text.includes('Main Street Pharmacy'), 'the pharmacy was saved');
  const ph = sqlValue(`SELECT id FROM pharmacies WHERE patient_id = ${pid}`);
  const dup = await client.post('/riverside/refills', { csrf_token: second.token, idem: second.idem, medication: med, pharmacy: ph });
  assert.equal(dup.status, 200);
  assert.ok(dup.text.includes('already open'));
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM refill_requests WHERE patient_id = ${pid}`)), 1);
});

test('not refillable, not active, or someone else\'s: refused', async () => {
  const { client, pid } = await freshPatient();
  const other = await freshPatient();
  const fixed = addMedication(pid, 'Atorvastatin 20 mg', 0);
  const theirs = addMedication(other.pid, 'Metformin 500 mg');
  assert.ok((await client.get('/riverside/refills')).text.includes('Not refillable online'));
  assert.equal((await client.get(`/riverside/refills/new?medication=${fixed}`)).status, 409);
  const before = lastAuditId();
  assert.equal((await client.get(`/riverside/refills/new?medication=${theirs}`)).status, 404);
  const page = await client.get('/riverside/refills');
  assert.equal((await client.post('/riverside/refills', { csrf_token: csrfFrom(page.text), idem: 'a'.repeat(32), medication: theirs, pharmacy: '0', pharmacy_name: 'X' })).status, 404);
  assert.ok(auditSince(before).filter((r) => r.action === 'refill.request' && r.outcome === 'denied').length >= 2);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM refill_requests WHERE medication_id IN (${fixed}, ${theirs})`)), 0);
  const rosa = await signedIn('valle', 'rosa@valle.example');
  assert.equal((await rosa.get(`/valle/refills/new?medication=${theirs}`)).status, 404);
});

test('staff approve, then mark sent; or deny with a reason; the patient sees each and is told', async () => {
  const { client, pid } = await freshPatient();
  const med1 = addMedication(pid, 'Amlodipine 5 mg');
  const med2 = addMedication(pid, 'Sertraline 50 mg');
  for (const med of [med1, med2]) {
    const { token, idem } = await form(client, med);
    await client.post('/riverside/refills', { csrf_token: token, idem, medication: med, pharmacy: '0', pharmacy_name: 'Corner Pharmacy' });
  }
  const [r1, r2] = sql(`SELECT id FROM refill_requests WHERE patient_id = ${pid} ORDER BY id`).map((r) => r[0]);
  const { email, password } = freshStaff();
  const nurse = await signedIn('riverside', email, password);
  const queue = await nurse.get('/riverside/staff/refills');
  assert.ok(queue.text.includes(`/riverside/staff/refills/${r1}`) && queue.text.includes('Amlodipine 5 mg'));
  // The staff navigation counts the requests waiting.
  const waiting = Number(sqlValue(`SELECT COUNT(*) FROM refill_requests r JOIN clinics c ON c.id = r.clinic_id
    WHERE c.slug = 'riverside' AND r.status IN ('requested', 'approved')`));
  assert.ok(queue.text.includes(`href="/riverside/staff/refills" aria-current="page">Refills <span class="badge">${waiting}<`),
    `the badge shows ${waiting}`);
  const review = await nurse.get(`/riverside/staff/refills/${r1}`);
  assert.ok(review.text.includes('Sertraline 50 mg'), 'the medication history');
  const ok = await nurse.post(`/riverside/staff/refills/${r1}/approve`, { csrf_token: csrfFrom(review.text) });
  assert.equal(ok.status, 303);
  const again = await nurse.post(`/riverside/staff/refills/${r1}/approve`, { csrf_token: csrfFrom(review.text) });
  assert.ok(again.text.includes('Someone already answered'));
  const sent = await nurse.post(`/riverside/staff/refills/${r1}/sent`, { csrf_token: csrfFrom(review.text) });
  assert.equal(sent.status, 303);
  const r2page = await nurse.get(`/riverside/staff/refills/${r2}`);
  const noReason = await nurse.post(`/riverside/staff/refills/${r2}/deny`, { csrf_token: csrfFrom(r2page.text), reason: '' });
  assert.ok(noReason.text.includes('Give the reason'));
  await nurse.post(`/riverside/staff/refills/${r2}/deny`, { csrf_token: csrfFrom(r2page.text), reason: 'Please book a visit first: we need to check how it works for you.' });
  assert.deepEqual(sql(`SELECT status FROM refill_requests WHERE patient_id = ${pid} ORDER BY id`), [['sent'], ['denied']]);
  const page = await client.get('/riverside/refills');
  assert.ok(page.text.includes('Sent to the pharmacy') && page.text.includes('Please book a visit first'));
  const notes = sql(`SELECT link FROM outbox WHERE patient_id = ${pid} AND template = 'refill_update'`);
  assert.equal(notes.length, 3, 'approved, sent, denied');
  assert.ok(notes.every(([l]) => !/amlodipine|sertraline/i.test(l)));
  // A new request is possible once the last one is closed.
  const { token, idem } = await form(client, med1);
  assert.equal((await client.post('/riverside/refills', { csrf_token: token, idem, medication: med1, pharmacy: sqlValue(`SELECT MIN(id) FROM pharmacies WHERE patient_id = ${pid}`) })).status, 303);
});

test('scope and CSRF on the staff side', async () => {
  const { client, pid } = await freshPatient();
  const med = addMedication(pid, 'Losartan 25 mg');
  const { token, idem } = await form(client, med);
  await client.post('/riverside/refills', { csrf_token: token, idem, medication: med, pharmacy: '0', pharmacy_name: 'Corner Pharmacy' });
  const id = sqlValue(`SELECT id FROM refill_requests WHERE patient_id = ${pid}`);
  const { email, password } = freshStaff();
  const nurse = await signedIn('riverside', email, password);
  const page = await nurse.get(`/riverside/staff/refills/${id}`);
  for (const action of ['approve', 'deny', 'sent']) {
    assert.equal((await nurse.post(`/riverside/staff/refills/${id}/${action}`, { csrf_token: 'forged', reason: 'x' })).status, 403);
  }
  assert.equal(sqlValue(`SELECT status FROM refill_requests WHERE id = ${id}`), 'requested');
  assert.equal((await nurse.get('/riverside/staff/refills/999999999')).status, 404);
  assert.equal((await client.get('/riverside/staff/refills')).status, 404);
  const valle = await signedIn('valle', 'admin@valle.example');
  assert.equal((await valle.get(`/valle/staff/refills/${id}`)).status, 404);
  assert.ok(csrfFrom(page.text));
  assert.equal((await new Client().get('/riverside/refills')).status, 303);
  assert.equal(h1(page.text).startsWith('Refill request'), true);
});
