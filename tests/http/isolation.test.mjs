// Scope: a patient sees only their own chart, staff only their own clinic,
// a session of one clinic is worthless at another, and a switched-off
// feature has neither menu entries nor URLs. Out-of-scope objects answer the
// same 404 as missing ones and leave an audit row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, signedIn, getPage, lastAuditId, auditSince, appointmentOf, patientId } from './lib.mjs';

test("a patient asking for another patient's appointment gets 404 and an audit row", async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const own = appointmentOf('riverside', 'R100234');
  const theirs = appointmentOf('riverside', 'R100581');
  const ok = await maria.get(`/riverside/appointments/${own}`);
  assert.equal(ok.status, 200);
  const before = lastAuditId();
  const res = await getPage(maria, `/riverside/appointments/${theirs}`, 'Page not found', 404);
  const missing = await maria.get('/riverside/appointments/999999999');
  assert.equal(missing.status, 404);
  const normal = (html) => html.replace(/appointments\/\d+/g, 'appointments/N');
  assert.equal(normal(missing.text), normal(res.text), 'another patient\'s object looks exactly like a missing one');
  const rows = auditSince(before);
  assert.deepEqual(rows.map((r) => [r.action, r.outcome, r.objectId]), [
    ['appointment.view', 'denied', String(theirs)],
    ['appointment.view', 'denied', '999999999'],
  ]);
  assert.equal(rows[0].patient, String(patientId('riverside', 'R100234')), 'recorded against the asker');
  assert.ok(!res.text.includes('Blood pressure check'), 'nothing of the other visit leaks');
});

test('viewing an appointment is audited as a view of health data', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const own = appointmentOf('riverside', 'R100234');
  const before = lastAuditId();
  await maria.get(`/riverside/appointments/${own}`);
  assert.deepEqual(auditSince(before).map((r) => [r.action, r.outcome, r.objectId]),
    [['appointment.view', 'success', String(own)]]);
});

test("a riverside session is worthless at valle, even with the cookie renamed", async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const res = await maria.get('/valle/home');
  assert.equal(res.status, 303, 'valle does not see a riverside session');
  assert.match(res.location, /^\/valle\/login/);
  const thief = new Client();
  thief.cookies.set('__Host-portal-valle', maria.cookies.get('__Host-portal-riverside'));
  const stolen = await thief.get('/valle/home');
  assert.equal(stolen.status, 303);
});

test("valle staff cannot open a riverside patient's chart: 404 and an audit row", async () => {
  const admin = await signedIn('valle', 'admin@valle.example');
  const maria = patientId('riverside', 'R100234');
  const before = lastAuditId();
  const res = await admin.get(`/valle/staff/patients/${maria}`);
  assert.equal(res.status, 404);
  assert.ok(!res.text.includes('Garcia'));
  const rows = auditSince(before);
  assert.deepEqual(rows.map((r) => [r.action, r.outcome, r.objectId]), [['chart.view', 'denied', String(maria)]]);
  // Nor does a riverside search find valle's patients.
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  const search = await nurse.get('/riverside/staff?q=Hern%C3%A1ndez');
  assert.ok(search.text.includes('No patients match your search.'));
});

test('patients cannot reach staff pages, and staff have no patient home', async () => {
  const james = await signedIn('riverside', 'james@riverside.example');
  const before = lastAuditId();
  for (const path of ['/riverside/staff', '/riverside/staff/patients/1', '/riverside/staff/patients/new']) {
    const res = await james.get(path);
    assert.equal(res.status, 404, path);
  }
  assert.ok(auditSince(before).every((r) => r.action === 'access.denied' && r.outcome === 'denied'));
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  assert.equal((await nurse.get('/riverside/home')).status, 404);
});

test('a switched-off feature is absent from the pages and its URLs answer 404', async () => {
  const rosa = await signedIn('valle', 'rosa@valle.example');
  const home = await rosa.get('/valle/home');
  assert.equal(home.status, 200);
  assert.ok(!home.text.includes('Su próxima cita'), 'no appointments card (feature off)');
  assert.ok(!home.text.includes('Saldo pendiente'), 'no balance (billing off)');
  assert.ok(home.text.includes('Mensajes sin leer'), 'messages are on');
  const own = appointmentOf('valle', 'V2001');
  const res = await rosa.get(`/valle/appointments/${own}`);
  assert.equal(res.status, 404, "even the patient's own appointment");
  // The same URL shape works where the feature is on.
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const riverside = await maria.get('/riverside/home');
  assert.ok(riverside.text.includes('Your next appointment'));
  assert.ok(riverside.text.includes('Balance due'));
  assert.ok(riverside.text.includes('$25.00'));
});

test('unknown clinics and unknown pages get a 404 page, not a crash', async () => {
  const c = new Client();
  for (const path of ['/nowhere/login', '/riverside/no-such-page', '/riverside/home/appointments/abc',
    '/riverside/home/appointments/0', '/riverside/staff/patients/1x', '/RIVERSIDE/login', '/riverside/%00']) {
    const res = await c.get(path);
    assert.ok([404, 400].includes(res.status), `${path}: ${res.status}`);
    assert.ok(res.text.includes('<h1>'), `${path}: a page`);
  }
});
