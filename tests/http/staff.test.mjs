// The staff area: find a patient, see the chart header, register a patient.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signedIn, getPage, h1, lastAuditId, auditSince, patientId, sqlValue } from './lib.mjs';

test('find a patient by name (either order, accents ignored), birth date or MRN', async () => {
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  for (const q of ['q=garcia', 'q=Maria+Garcia', 'q=Garc%C3%ADa%2C+Mar', 'dob=1968-04-12', 'mrn=R100234', 'q=mar&dob=1968-04-12']) {
    const res = await nurse.get(`/riverside/staff?${q}`);
    assert.equal(res.status, 200, q);
    assert.ok(res.text.includes('Garcia, Maria'), `${q} finds Maria`);
  }
  const lopez = await nurse.get('/riverside/staff?q=lopez');
  assert.ok(lopez.text.includes('López, Ana'), 'accent-insensitive');
  const none = await nurse.get('/riverside/staff?q=zzzz');
  assert.ok(none.text.includes('No patients match your search.'));
  const wild = await nurse.get('/riverside/staff?q=%25');
  assert.ok(wild.text.includes('No patients match your search.'), 'a % is a character, not a wildcard');
  const bad = await nurse.get('/riverside/staff?dob=1968-13-45');
  assert.ok(bad.text.includes('Enter the date of birth as year-month-day'));
  const empty = await nurse.get('/riverside/staff?q=&dob=&mrn=');
  assert.ok(empty.text.includes('Enter a name, a date of birth or an MRN.'));
});

test('searches are audited without the search terms', async () => {
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  const before = lastAuditId();
  await nurse.get('/riverside/staff?q=garcia');
  const rows = auditSince(before);
  assert.deepEqual(rows.map((r) => r.action), ['patient.search']);
  const all = sqlValue(`SELECT CONCAT_WS('|', action, object_type, object_id) FROM audit_log WHERE id > ${before}`);
  assert.ok(!/garcia/i.test(all));
});

test('the chart header shows the patient and the portal status, and the view is audited', async () => {
  const dr = await signedIn('riverside', 'dr.chen@riverside.example');
  const id = patientId('riverside', 'R100234');
  const before = lastAuditId();
  const res = await getPage(dr, `/riverside/staff/patients/${id}`, 'Garcia, Maria');
  assert.ok(res.text.includes('April 12, 1968'));
  assert.ok(res.text.includes('R100234'));
  assert.ok(res.text.includes('Active account: maria@riverside.example'));
  assert.deepEqual(auditSince(before).map((r) => [r.action, r.patient]), [['chart.view', String(id)]]);
});

test('registering a patient validates every field and keeps what was typed', async () => {
  const admin = await signedIn('riverside', 'admin@riverside.example');
  const bad = await admin.submit('/riverside/staff/patients/new', '/riverside/staff/patients', {
    first_name: '', last_name: 'Reyes', dob: '2999-01-01', sex: 'robot', lang: 'fr', mrn: 'bad mrn!', phone: '12', email: 'nope',
  });
  assert.equal(bad.status, 200);
  for (const msg of ['Enter the first name.', 'Enter a real date of birth', 'Choose an option.', 'Choose a language.',
    'The MRN can have letters', 'Enter a phone number with its area code, like (555) 123-4567.', 'Enter a valid email address or leave it empty.']) {
    assert.ok(bad.text.includes(msg), msg);
  }
  assert.ok(bad.text.includes('value="Reyes"'));
  const mrn = `N${process.pid}`;
  const good = await admin.submit('/riverside/staff/patients/new', '/riverside/staff/patients', {
    first_name: 'Carmen', last_name: 'Reyes', dob: '1979-10-02', sex: 'female', lang: 'es', mrn, phone: '(555) 123-4567', email: 'Carmen@Example.org',
  });
  assert.equal(good.status, 303);
  const chart = await admin.get(good.location);
  assert.ok(chart.text.includes('The patient is registered.'));
  assert.equal(h1(chart.text), 'Reyes, Carmen');
  assert.ok(chart.text.includes('carmen@example.org'), 'email stored in lower case');
  const dup = await admin.submit('/riverside/staff/patients/new', '/riverside/staff/patients', {
    first_name: 'Other', last_name: 'Person', dob: '1980-01-01', sex: 'male', lang: 'en', mrn, phone: '', email: '',
  });
  assert.ok(dup.text.includes('Another patient already has that MRN.'));
  // Without an MRN one is assigned.
  const auto = await admin.submit('/riverside/staff/patients/new', '/riverside/staff/patients', {
    first_name: 'Auto', last_name: 'Assigned', dob: '1990-01-01', sex: 'unknown', lang: 'en', mrn: '', phone: '', email: '',
  });
  assert.equal(auto.status, 303);
  const page = await admin.get(auto.location);
  assert.match(page.text, /<dt>MRN<\/dt><dd>P\d{7}<\/dd>/);
});

test('text with markup is shown as text, never as HTML', async () => {
  const admin = await signedIn('riverside', 'admin@riverside.example');
  const res = await admin.submit('/riverside/staff/patients/new', '/riverside/staff/patients', {
    first_name: '<script>alert(1)</script>', last_name: '"><img src=x onerror=alert(1)>', dob: '1990-01-01',
    sex: 'unknown', lang: 'en', mrn: `X${process.pid}`, phone: '', email: '',
  });
  assert.equal(res.status, 303);
  const chart = await admin.get(res.location);
  assert.ok(!chart.text.includes('<script>alert(1)</script>'));
  assert.ok(!chart.text.includes('<img src=x'));
  assert.ok(chart.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
});
