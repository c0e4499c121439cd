// Appointments, staff side: the day's schedule with status changes, the
// request queue (book into an open slot, decline with a note, two staff at
// once), time off that removes open slots, the check-in review queue, and
// scope (other clinics, patients) and CSRF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, signedIn, h1, csrfFrom, sql, sqlValue, lastAuditId, auditSince, freshPatient, freshStaff,
} from './lib.mjs';

const unescape = (s) => s.replace(/&amp;/g, '&');
const now = () => Math.floor(Date.now() / 1000);

// The local date (Chicago) of an instant, as YYYY-MM-DD.
const chicagoDate = (t) => new Date(t * 1000).toLocaleDateString('sv-SE', { timeZone: 'America/Chicago' });

async function nurse() {
  const { email, password } = freshStaff();
  return signedIn('riverside', email, password);
}

async function askForVisit(client, reason = 'New to the area') {
  const page = await client.get('/riverside/appointments/request?type=new_patient');
  const idem = page.text.match(/name="idem" value="([0-9a-f]{32})"/)[1];
  const res = await client.post('/riverside/appointments/request', {
    csrf_token: csrfFrom(page.text), idem, type: 'new_patient', day_tue: '1', time_morning: '1', reason,
  });
  assert.equal(res.status, 303);
}

test('the schedule lists the day\'s visits with the patients; status changes are saved and audited', async () => {
  const staff = await nurse();
  const [id, start] = sql(`SELECT a.id, UNIX_TIMESTAMP(a.starts_at) FROM appointments a JOIN patients p ON p.id = a.patient_id
    WHERE p.mrn = 'R100234' AND a.status = 'scheduled' ORDER BY a.starts_at LIMIT 1`)[0];
  const day = chicagoDate(Number(start));
  const page = await staff.get(`/riverside/staff/schedule?day=${day}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Maria Garcia') && page.text.includes('R100234'));
  assert.ok(page.text.includes(`/riverside/staff/schedule/appointments/${id}/status`));
  const week = await staff.get(`/riverside/staff/schedule?day=${day}&view=week&provider=chen`);
  assert.ok(week.text.includes('Maria Garcia'));
  const other = await staff.get(`/riverside/staff/schedule?day=${day}&provider=okafor`);
  assert.ok(!other.text.includes(`appointments/${id}/status`), 'filtered by provider');
  const before = lastAuditId();
  const res = await staff.post(`/riverside/staff/schedule/appointments/${id}/status`, {
    csrf_token: csrfFrom(page.text), status: 'arrived', day,
  });
  assert.equal(res.status, 303);
  assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${id}`), 'arrived');
  assert.ok(auditSince(before).some((r) => r.action === 'appointment.status' && r.objectId === String(id)));
  assert.ok((await staff.get(res.location)).text.includes('The visit was updated.'));
  await staff.post(`/riverside/staff/schedule/appointments/${id}/status`, { csrf_token: csrfFrom(page.text), status: 'scheduled', day });
  assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${id}`), 'scheduled');
  const bad = await staff.post(`/riverside/staff/schedule/appointments/${id}/status`, { csrf_token: csrfFrom(page.text), status: 'exploded' });
  assert.equal(bad.status, 400);
});

test('a request is booked into an open slot: visit, cells, reminders and a notice to the patient', async () => {
  const { client, pid } = await freshPatient('riverside', { established: false });
  await askForVisit(client);
  const reqId = sqlValue(`SELECT id FROM appointment_requests WHERE patient_id = ${pid}`);
  const staff = await nurse();
  const queue = await staff.get('/riverside/staff/schedule/requests');
  assert.ok(queue.text.includes(`/riverside/staff/schedule/requests/${reqId}`));
  assert.ok(queue.text.includes('Tuesday') && queue.text.includes('Morning'));
  const page = await staff.get(`/riverside/staff/schedule/requests/${reqId}`);
  const slots = [...page.text.matchAll(/name="slot" value="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(slots.length > 0, 'open slots offered');
  const far = slots.find((s) => Number(s.split(':')[2]) > now() + 4 * 86400) || slots[slots.length - 1];
  const idem = page.text.match(/name="idem" value="([0-9a-f]{32})"/)[1];
  const junk = await staff.post(`/riverside/staff/schedule/requests/${reqId}/book`, { csrf_token: csrfFrom(page.text), idem, slot: `${far}x` });
  assert.equal(junk.status, 200, 'a slot value with trailing junk is refused');
  const res = await staff.post(`/riverside/staff/schedule/requests/${reqId}/book`, { csrf_token: csrfFrom(page.text), idem, slot: far });
  assert.equal(res.status, 303, h1(res.text || ''));
  const [status, appt] = sql(`SELECT status, appointment_id FROM appointment_requests WHERE id = ${reqId}`)[0];
  assert.equal(status, 'booked');
  assert.deepEqual(sql(`SELECT patient_id, type_key, duration_min, booked_by FROM appointments WHERE id = ${appt}`)[0],
    [String(pid), 'new_patient', '40', 'staff']);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointment_cells WHERE appointment_id = ${appt}`)), 8);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE patient_id = ${pid} AND template = 'appointment_request'`)), 1);
  assert.ok(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE appointment_id = ${appt} AND template = 'appointment_reminder'`)) >= 1);
  // The patient sees the visit; the request is answered.
  const list = await client.get('/riverside/appointments');
  assert.ok(list.text.includes(`/riverside/appointments/${appt}`));
  assert.ok(list.text.includes('Scheduled'));
  // Sent again: nothing more.
  await staff.post(`/riverside/staff/schedule/requests/${reqId}/book`, { csrf_token: csrfFrom(page.text), idem, slot: far });
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointments WHERE patient_id = ${pid} AND booked_by = 'staff'`)), 1);
});

test('two staff booking the same slot for two requests at once: exactly one gets it', async () => {
  const a = await freshPatient('riverside', { established: false });
  const b = await freshPatient('riverside', { established: false });
  await askForVisit(a.client);
  await askForVisit(b.client);
  const ra = sqlValue(`SELECT id FROM appointment_requests WHERE patient_id = ${a.pid}`);
  const rb = sqlValue(`SELECT id FROM appointment_requests WHERE patient_id = ${b.pid}`);
  const s1 = await nurse();
  const s2 = await nurse();
  const pa = await s1.get(`/riverside/staff/schedule/requests/${ra}`);
  const pb = await s2.get(`/riverside/staff/schedule/requests/${rb}`);
  const slot = [...pa.text.matchAll(/name="slot" value="([^"]+)"/g)].map((m) => m[1])[3];
  const idem = (t) => t.match(/name="idem" value="([0-9a-f]{32})"/)[1];
  const [x, y] = await Promise.all([
    s1.post(`/riverside/staff/schedule/requests/${ra}/book`, { csrf_token: csrfFrom(pa.text), idem: idem(pa.text), slot }),
    s2.post(`/riverside/staff/schedule/requests/${rb}/book`, { csrf_token: csrfFrom(pb.text), idem: idem(pb.text), slot }),
  ]);
  assert.deepEqual([x.status, y.status].sort(), [200, 303]);
  const loser = x.status === 200 ? x : y;
  assert.ok(loser.text.includes('That time was just taken.'));
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointments WHERE patient_id IN (${a.pid}, ${b.pid})`)), 1);
});

test('declining a request tells the patient, with the note', async () => {
  const { client, pid } = await freshPatient('riverside', { established: false });
  await askForVisit(client);
  const reqId = sqlValue(`SELECT id FROM appointment_requests WHERE patient_id = ${pid}`);
  const staff = await nurse();
  const page = await staff.get(`/riverside/staff/schedule/requests/${reqId}`);
  const empty = await staff.post(`/riverside/staff/schedule/requests/${reqId}/decline`, { csrf_token: csrfFrom(page.text), note: '' });
  assert.equal(empty.status, 200);
  assert.ok(empty.text.includes('Write a note to the patient'));
  const res = await staff.post(`/riverside/staff/schedule/requests/${reqId}/decline`, {
    csrf_token: csrfFrom(page.text), note: 'We are not taking new patients this month. Please call us in January.',
  });
  assert.equal(res.status, 303);
  const list = await client.get('/riverside/appointments');
  assert.ok(list.text.includes('Not scheduled'));
  assert.ok(list.text.includes('We are not taking new patients this month.'));
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE patient_id = ${pid} AND template = 'appointment_request'`)), 1);
  const again = await staff.post(`/riverside/staff/schedule/requests/${reqId}/decline`, { csrf_token: csrfFrom(page.text), note: 'twice' });
  assert.ok(again.text.includes('This request was already answered.'));
});

test('time off removes a provider\'s open slots; removing it brings them back', async () => {
  const { client } = await freshPatient();
  const staff = await nurse();
  const slotsOf = async () => {
    const all = [];
    let path = '/riverside/appointments/book/slots?type=follow_up&provider=okafor';
    for (let i = 0; i < 2 && path; i++) {
      const res = await client.get(path);
      all.push(...[...res.text.matchAll(/start=(\d+)/g)].map((m) => Number(m[1])));
      const next = res.text.match(/href="([^"]*)">Next week/);
      path = next ? unescape(next[1]) : null;
    }
    return all;
  };
  const before = await slotsOf();
  assert.ok(before.length > 0);
  const day = chicagoDate(before[0]);
  const page = await staff.get('/riverside/staff/schedule/exceptions');
  const bad = await staff.post('/riverside/staff/schedule/exceptions', {
    csrf_token: csrfFrom(page.text), provider: 'okafor', from_day: day, from_time: '17:00', to_day: day, to_time: '08:00', reason: 'Training',
  });
  assert.equal(bad.status, 200);
  assert.ok(bad.text.includes('The end must come after the start.'));
  const res = await staff.post('/riverside/staff/schedule/exceptions', {
    csrf_token: csrfFrom(page.text), provider: 'okafor', from_day: day, from_time: '00:00', to_day: day, to_time: '23:59', reason: 'Training',
  });
  assert.equal(res.status, 303);
  const during = await slotsOf();
  assert.ok(!during.some((t) => chicagoDate(t) === day), 'no slots that day');
  assert.ok(during.length > 0, 'other days still open');
  const list = await staff.get('/riverside/staff/schedule/exceptions');
  assert.ok(list.text.includes('Training'));
  const id = sqlValue("SELECT MAX(id) FROM availability_exceptions WHERE reason = 'Training'");
  const del = await staff.post(`/riverside/staff/schedule/exceptions/${id}/delete`, { csrf_token: csrfFrom(list.text) });
  assert.equal(del.status, 303);
  const onDay = (list) => list.filter((t) => chicagoDate(t) === day && t > now() + 3 * 3600);
  assert.deepEqual(onDay(await slotsOf()), onDay(before), 'that day\'s slots are back');
  // Providers see the schedule but do not keep exceptions.
  const dr = await signedIn('riverside', 'dr.chen@riverside.example');
  const drPage = await dr.get('/riverside/staff/schedule/exceptions');
  assert.equal(drPage.status, 200);
  assert.equal((await dr.post('/riverside/staff/schedule/exceptions', {
    csrf_token: csrfFrom(drPage.text), provider: '', from_day: day, from_time: '08:00', to_day: day, to_time: '09:00', reason: 'x',
  })).status, 404);
});

test('check-ins wait for review: staff compare with the chart, download the card, mark reviewed', async () => {
  const { client, pid } = await freshPatient();
  // A visit two days ahead, booked directly, so that check-in is open.
  const id = Number(sqlValue(`SELECT COALESCE(MAX(id), 0) + 1 FROM appointments`));
  sql(`INSERT INTO appointments (id, clinic_id, patient_id, provider_key, location_key, type_key, visit_type, starts_at,
    duration_min, status, booked_by, created_at) SELECT ${id}, clinic_id, id, 'chen', 'main', 'follow_up', 'Follow-up visit',
    UTC_TIMESTAMP() + INTERVAL 2 DAY, 20, 'scheduled', 'staff', UTC_TIMESTAMP() FROM patients WHERE id = ${pid}`);
  const form = await client.get(`/riverside/appointments/${id}/checkin`);
  const fd = new FormData();
  fd.append('csrf_token', csrfFrom(form.text));
  for (const [k, v] of Object.entries({ phone: '(555) 555-0142', email: '', address: '9 Elm St', insurance_payer: 'Medicaid',
    insurance_member_id: 'M1', medications: 'Aspirin 81 mg', allergies: '' })) fd.append(k, v);
  fd.append('card', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'card.pdf');
  assert.equal((await client.post(`/riverside/appointments/${id}/checkin`, fd)).status, 303);
  const staff = await nurse();
  const queue = await staff.get('/riverside/staff/schedule/checkins');
  const cid = sqlValue(`SELECT id FROM checkins WHERE appointment_id = ${id}`);
  assert.ok(queue.text.includes(`/riverside/staff/schedule/checkins/${cid}`));
  const before = lastAuditId();
  const page = await staff.get(`/riverside/staff/schedule/checkins/${cid}`);
  assert.ok(page.text.includes('(555) 555-0142') && page.text.includes('(555) 555-0100'), 'sent and chart side by side');
  assert.ok(page.text.includes('Aspirin 81 mg'));
  const card = await staff.get(`/riverside/staff/schedule/checkins/${cid}/card`);
  assert.equal(card.status, 200);
  assert.equal(card.headers.get('content-type'), 'application/pdf');
  assert.match(card.headers.get('content-disposition'), /^attachment/);
  const rows = auditSince(before);
  assert.ok(rows.some((r) => r.action === 'checkin.review' && r.patient === String(pid)));
  assert.ok(rows.some((r) => r.action === 'checkin.card' && r.patient === String(pid)));
  const done = await staff.post(`/riverside/staff/schedule/checkins/${cid}/reviewed`, { csrf_token: csrfFrom(page.text) });
  assert.equal(done.status, 303);
  assert.equal(sqlValue(`SELECT status FROM checkins WHERE id = ${cid}`), 'reviewed');
  // A second click by a colleague does not take the review over.
  const first = sql(`SELECT reviewed_by, reviewed_at FROM checkins WHERE id = ${cid}`)[0];
  const other = await nurse();
  const again = await other.post(`/riverside/staff/schedule/checkins/${cid}/reviewed`, { csrf_token: csrfFrom((await other.get('/riverside/staff/schedule/checkins')).text) });
  assert.equal(again.status, 303);
  assert.deepEqual(sql(`SELECT reviewed_by, reviewed_at FROM checkins WHERE id = ${cid}`)[0], first);
  assert.ok(!(await staff.get('/riverside/staff/schedule/checkins')).text.includes(`checkins/${cid}"`));
});

test('scope and CSRF: other clinics get 404, patients have no schedule, every POST needs its token', async () => {
  const staff = await nurse();
  const page = await staff.get('/riverside/staff/schedule');
  const id = sqlValue("SELECT a.id FROM appointments a JOIN clinics c ON c.id = a.clinic_id WHERE c.slug = 'riverside' AND a.status = 'scheduled' LIMIT 1");
  const before = lastAuditId();
  for (const path of [`/riverside/staff/schedule/appointments/${id}/status`, '/riverside/staff/schedule/exceptions',
    '/riverside/staff/schedule/requests/1/book', '/riverside/staff/schedule/requests/1/decline', '/riverside/staff/schedule/checkins/1/reviewed']) {
    assert.equal((await staff.post(path, { csrf_token: 'forged', status: 'no_show' })).status, 403, path);
  }
  assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${id}`), 'scheduled');
  assert.equal((await staff.post('/riverside/staff/schedule/appointments/999999999/status', { csrf_token: csrfFrom(page.text), status: 'arrived' })).status, 404);
  assert.equal((await staff.get('/riverside/staff/schedule/requests/999999999')).status, 404);
  assert.equal((await staff.get('/riverside/staff/schedule/checkins/999999999')).status, 404);
  assert.ok(auditSince(before).some((r) => r.outcome === 'denied' && r.objectId === '999999999'));
  // valle has appointments off; its staff cannot reach riverside's visits.
  const valle = await signedIn('valle', 'admin@valle.example');
  assert.equal((await valle.get('/valle/staff/schedule')).status, 404);
  assert.equal((await valle.post(`/valle/staff/schedule/appointments/${id}/status`, { csrf_token: csrfFrom((await valle.get('/valle/staff')).text), status: 'arrived' })).status, 404);
  const maria = await signedIn('riverside', 'maria@riverside.example');
  assert.equal((await maria.get('/riverside/staff/schedule')).status, 404);
  assert.equal((await new Client().get('/riverside/staff/schedule')).status, 303);
});

test('weekly hours kept by staff replace a provider\'s hours of the clinic file, and removing them restores those', async () => {
  const { client } = await freshPatient();
  const staff = await nurse();
  const okaforSlots = async () => {
    const res = await client.get('/riverside/appointments/book/slots?type=follow_up&provider=okafor');
    const next = res.text.match(/href="([^"]*)">Next week/);
    const res2 = next ? await client.get(unescape(next[1])) : { text: '' };
    return [...(res.text + res2.text).matchAll(/start=(\d+)/g)].map((m) => Number(m[1]));
  };
  const weekday = (t) => new Date(t * 1000).toLocaleDateString('en-US', { timeZone: 'America/Chicago', weekday: 'short' });
  const localTime = (t) => new Date(t * 1000).toLocaleTimeString('en-GB', { timeZone: 'America/Chicago', hour: '2-digit', minute: '2-digit' });
  const before = await okaforSlots();
  assert.ok(before.every((t) => ['Tue', 'Thu', 'Fri'].includes(weekday(t))), 'the clinic file: Tue, Thu, Fri');
  const page = await staff.get('/riverside/staff/schedule/hours');
  assert.ok(page.text.includes('the clinic file'));
  const bad = await staff.post('/riverside/staff/schedule/hours', { csrf_token: csrfFrom(page.text), provider: 'okafor', location: 'eastside', from_time: '13:00', to_time: '12:00' });
  assert.equal(bad.status, 200);
  assert.ok(bad.text.includes('Choose at least one day.') && bad.text.includes('the end after the start'));
  const res = await staff.post('/riverside/staff/schedule/hours', {
    csrf_token: csrfFrom(page.text), provider: 'okafor', location: 'eastside', day_mon: '1', from_time: '13:00', to_time: '15:00',
  });
  assert.equal(res.status, 303);
  const during = await okaforSlots();
  assert.ok(during.length > 0);
  assert.ok(during.every((t) => weekday(t) === 'Mon' && localTime(t) >= '13:00' && localTime(t) < '15:00'), 'only the new hours');
  const id = sqlValue("SELECT MAX(id) FROM provider_hours WHERE provider_key = 'okafor'");
  const list = await staff.get('/riverside/staff/schedule/hours');
  const del = await staff.post(`/riverside/staff/schedule/hours/${id}/delete`, { csrf_token: csrfFrom(list.text) });
  assert.equal(del.status, 303);
  const after = await okaforSlots();
  assert.ok(after.length > 0 && after.every((t) => ['Tue', 'Thu', 'Fri'].includes(weekday(t))));
  const dr = await signedIn('riverside', 'dr.chen@riverside.example');
  const drPage = await dr.get('/riverside/staff/schedule/hours');
  assert.ok(!drPage.text.includes('action="/riverside/staff/schedule/hours') && !drPage.text.includes('/delete"'), 'no forms a provider cannot use');
  assert.equal((await dr.post('/riverside/staff/schedule/hours', { csrf_token: csrfFrom(drPage.text), provider: 'chen', location: 'main', day_sun: '1', from_time: '08:00', to_time: '09:00' })).status, 404);
  assert.equal((await staff.post('/riverside/staff/schedule/hours/999999999/delete', { csrf_token: csrfFrom(list.text) })).status, 404);
});

test('both demo patients\' visits are listed on their days; each view is audited once, without a patient; a no-show keeps the visit\'s time', async () => {
  const staff = await nurse();
  const visitOf = (mrn) => sql(`SELECT a.id, UNIX_TIMESTAMP(a.starts_at) FROM appointments a JOIN patients p ON p.id = a.patient_id
    JOIN clinics c ON c.id = a.clinic_id WHERE c.slug = 'riverside' AND p.mrn = '${mrn}' AND a.status = 'scheduled'
    AND a.starts_at > UTC_TIMESTAMP() ORDER BY a.starts_at LIMIT 1`)[0];
  const [jid, jstart] = visitOf('R100581');
  const before = lastAuditId();
  const page = await staff.get(`/riverside/staff/schedule?day=${chicagoDate(Number(jstart))}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('James Wilson') && page.text.includes('R100581'));
  assert.ok(page.text.includes(`appointments/${jid}/status`));
  assert.ok(page.text.includes('Blood pressure check') && page.text.includes('Video visit'), 'the seeded visit type, by video');
  const views = auditSince(before).filter((r) => r.action === 'schedule.view');
  assert.equal(views.length, 1);
  assert.equal(views[0].patient, '');
  // No-show: the time stays taken (it is past, or the patient may still come).
  const [mid, mstart] = visitOf('R100234');
  const cells = () => Number(sqlValue(`SELECT COUNT(*) FROM appointment_cells WHERE appointment_id = ${mid}`));
  const held = cells();
  assert.ok(held > 0);
  const day = chicagoDate(Number(mstart));
  const res = await staff.post(`/riverside/staff/schedule/appointments/${mid}/status`, {
    csrf_token: csrfFrom(page.text), status: 'no_show', day, provider: 'chen',
  });
  assert.equal(res.status, 303);
  assert.match(res.location, new RegExp(`day=${day}&provider=chen`), 'back to the same day and provider');
  assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${mid}`), 'no_show');
  assert.equal(cells(), held);
  await staff.post(`/riverside/staff/schedule/appointments/${mid}/status`, { csrf_token: csrfFrom(page.text), status: 'scheduled' });
  assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${mid}`), 'scheduled');
});

test('every staff POST without its CSRF token, or with a forged one, is refused with 403 and changes nothing', async () => {
  const staff = await nurse();
  const { client, pid } = await freshPatient('riverside', { established: true });
  await askForVisit(client, 'CSRF check');
  const reqId = sqlValue(`SELECT id FROM appointment_requests WHERE patient_id = ${pid}`);
  const visit = sqlValue(`SELECT a.id FROM appointments a JOIN patients p ON p.id = a.patient_id
    WHERE p.mrn = 'R100234' AND a.status = 'scheduled' ORDER BY a.starts_at LIMIT 1`);
  // Rows to act on, each of riverside; the exception and hours well past the booking horizon or for no real provider.
  const earlier = sqlValue(`SELECT id FROM appointments WHERE patient_id = ${pid}`);
  sql(`INSERT INTO checkins (clinic_id, patient_id, appointment_id, phone, submitted_at)
    SELECT clinic_id, ${pid}, ${earlier}, '(555) 555-0199', UTC_TIMESTAMP() FROM patients WHERE id = ${pid}`);
  const checkin = sqlValue(`SELECT id FROM checkins WHERE appointment_id = ${earlier}`);
  sql(`INSERT INTO availability_exceptions (clinic_id, provider_key, starts_at, ends_at, reason, created_by, created_at)
    SELECT id, 'chen', UTC_TIMESTAMP() + INTERVAL 400 DAY, UTC_TIMESTAMP() + INTERVAL 401 DAY, 'CSRF check', 1, UTC_TIMESTAMP()
    FROM clinics WHERE slug = 'riverside'`);
  const exception = sqlValue("SELECT MAX(id) FROM availability_exceptions WHERE reason = 'CSRF check'");
  sql(`INSERT INTO provider_hours (clinic_id, provider_key, location_key, days, from_min, to_min, created_by, created_at)
    SELECT id, 'csrf-check', 'main', 2, 480, 540, 1, UTC_TIMESTAMP() FROM clinics WHERE slug = 'riverside'`);
  const hours = sqlValue("SELECT MAX(id) FROM provider_hours WHERE provider_key = 'csrf-check'");
  const hoursBefore = sqlValue('SELECT COALESCE(MAX(id), 0) FROM provider_hours');
  const exceptionsBefore = sqlValue('SELECT COALESCE(MAX(id), 0) FROM availability_exceptions');
  const state = () => sql(`SELECT (SELECT status FROM appointments WHERE id = ${visit}),
    (SELECT status FROM appointment_requests WHERE id = ${reqId}), (SELECT status FROM checkins WHERE id = ${checkin}),
    (SELECT COUNT(*) FROM availability_exceptions), (SELECT COUNT(*) FROM provider_hours),
    (SELECT COUNT(*) FROM appointments WHERE patient_id = ${pid}), (SELECT COUNT(*) FROM outbox WHERE patient_id = ${pid})`)[0];
  try {
    // Valid in every other way, so that only the token stops them.
    const page = await staff.get(`/riverside/staff/schedule/requests/${reqId}`);
    const slot = page.text.match(/name="slot" value="([^"]+)"/)[1];
    const idem = page.text.match(/name="idem" value="([0-9a-f]{32})"/)[1];
    const day = '2031-01-06';
    const posts = [
      [`/riverside/staff/schedule/appointments/${visit}/status`, { status: 'no_show' }],
      [`/riverside/staff/schedule/requests/${reqId}/book`, { slot, idem }],
      [`/riverside/staff/schedule/requests/${reqId}/decline`, { note: 'Not this month.' }],
      ['/riverside/staff/schedule/exceptions', { provider: '', from_day: day, from_time: '08:00', to_day: day, to_time: '17:00', reason: 'Forged' }],
      [`/riverside/staff/schedule/exceptions/${exception}/delete`, {}],
      ['/riverside/staff/schedule/hours', { provider: 'chen', location: 'main', day_sun: '1', from_time: '08:00', to_time: '09:00' }],
      [`/riverside/staff/schedule/hours/${hours}/delete`, {}],
      [`/riverside/staff/schedule/checkins/${checkin}/reviewed`, {}],
    ];
    const was = state();
    const before = lastAuditId();
    for (const [path, fields] of posts) {
      assert.equal((await staff.post(path, fields)).status, 403, `${path} without a token`);
      assert.equal((await staff.post(path, { ...fields, csrf_token: 'A'.repeat(43) })).status, 403, `${path} with a forged token`);
    }
    assert.deepEqual(state(), was);
    assert.ok(!auditSince(before).some((r) => r.outcome === 'success'), 'nothing done, nothing audited as done');
  } finally {
    sql(`DELETE FROM checkins WHERE id = ${checkin}`);
    sql(`DELETE FROM availability_exceptions WHERE id = ${exception} OR id > ${exceptionsBefore}`);
    sql(`DELETE FROM provider_hours WHERE id = ${hours} OR id > ${hoursBefore}`);
  }
});
