// Appointments, patient side: visits listed with their calendar file;
// booking a slot (lead time, horizon, types open to new or established
// patients), double submits, a slot taken meanwhile and 50 attempts at one
// slot at once; cancel before and after the cut-off; reschedule; request
// mode; the waitlist (offers, first to accept, expiry); e-check-in; the
// video visit's join window; reminders (timing, signed links: tampering,
// expiry, reuse); scope (404 + audit) and CSRF.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, signedIn, getPage, h1, csrfFrom, sql, sqlValue, lastAuditId, auditSince, freshPatient, setClock, resetClock,
  appointmentOf,
} from './lib.mjs';

after(() => resetClock());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea73581e40000000049454e44ae426082', 'hex');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

const unescape = (s) => s.replace(/&amp;/g, '&');

// The confirm links of a slots page, with what they name.
function slotsOf(html) {
  return [...html.matchAll(/href="(\/riverside\/appointments\/book\/confirm\?[^"]+)"/g)].map((m) => {
    const href = unescape(m[1]);
    const q = new URL(href, 'http://x').searchParams;
    return { href, provider: q.get('provider'), location: q.get('location'), start: Number(q.get('start')) };
  });
}

async function slots(client, query) {
  const res = await client.get(`/riverside/appointments/book/slots?${query}`);
  assert.equal(res.status, 200, `slots page: ${res.status} ${h1(res.text)}`);
  return { res, list: slotsOf(res.text) };
}

// Slots of a type over several weeks, from the first week on.
async function slotsAhead(client, type, weeks = 3) {
  let all = [];
  let week = '';
  for (let i = 0; i < weeks; i++) {
    const { res, list } = await slots(client, `type=${type}${week ? `&week=${week}` : ''}`);
    all = all.concat(list);
    const next = res.text.match(/href="[^"]*week=(\d{4}-\d\d-\d\d)[^"]*">Next week/);
    if (!next) break;
    week = next[1];
  }
  return all;
}

// Opens a slot's confirm page and sends its form as it is.
async function confirmFields(client, href) {
  const page = await client.get(href);
  assert.equal(page.status, 200, `confirm page: ${page.status}`);
  const fields = {};
  for (const m of page.text.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g)) fields[m[1]] = m[2];
  assert.ok(fields.idem && fields.csrf_token, 'the confirm form has its key and token');
  return { page, fields };
}

async function book(client, href) {
  const { fields } = await confirmFields(client, href);
  return client.post('/riverside/appointments/book', fields);
}

function bookedId(res) {
  const m = (res.location || '').match(/\/appointments\/(\d+)\?done=(booked|moved)$/);
  assert.ok(m, `redirected to the visit (got ${res.status} ${res.location} ${h1(res.text || '')})`);
  return Number(m[1]);
}

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);

test('the list shows upcoming and past visits, each opens with its details, audited', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const before = lastAuditId();
  const list = await getPage(maria, '/riverside/appointments', 'Appointments');
  assert.ok(list.text.includes('Upcoming visits') && list.text.includes('Past visits'));
  assert.ok(list.text.includes('Dr. Li Chen, MD'));
  const id = Number(sqlValue(`SELECT a.id FROM appointments a JOIN patients p ON p.id = a.patient_id
    WHERE p.mrn = 'R100234' AND a.status = 'scheduled' ORDER BY a.starts_at LIMIT 1`));
  const page = await maria.get(`/riverside/appointments/${id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('1200 River Road'), 'the address');
  assert.ok(page.text.includes('openstreetmap.org/search?query=1200%20River%20Road'), 'a map link');
  assert.ok(page.text.includes('Bring your glucose log'), 'the instructions');
  assert.ok(page.text.includes(`/riverside/appointments/${id}/calendar`), 'the calendar file');
  const rows = auditSince(before);
  assert.ok(rows.some((r) => r.action === 'appointments.list' && r.outcome === 'success'));
  assert.ok(rows.some((r) => r.action === 'appointment.view' && r.objectId === String(id)));
  // The nav links the feature; valle has it off.
  assert.ok(list.text.includes('href="/riverside/appointments"'));
  const rosa = await signedIn('valle', 'rosa@valle.example');
  assert.equal((await rosa.get('/valle/appointments')).status, 404);
  assert.ok(!(await rosa.get('/valle/home')).text.includes('/valle/appointments'));
});

test('the calendar file: RFC 5545, in the clinic\'s time zone, as a download', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const id = Number(sqlValue(`SELECT a.id FROM appointments a JOIN patients p ON p.id = a.patient_id
    WHERE p.mrn = 'R100234' AND a.status = 'scheduled' ORDER BY a.starts_at LIMIT 1`));
  const start = sqlValue(`SELECT DATE_FORMAT(starts_at, '%Y-%m-%d %H:%i') FROM appointments WHERE id = ${id}`);
  const res = await maria.get(`/riverside/appointments/${id}/calendar`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  assert.match(res.headers.get('content-disposition'), /^attachment/);
  assert.ok(res.text.startsWith('BEGIN:VCALENDAR\r\n'));
  assert.ok(res.text.includes('BEGIN:VTIMEZONE\r\nTZID:America/Chicago'));
  // The local wall-clock time of the visit in Chicago.
  const local = new Date(`${start.replace(' ', 'T')}:00Z`).toLocaleString('sv-SE', { timeZone: 'America/Chicago' });
  const stamp = local.replace(/[-:]/g, '').replace(' ', 'T').slice(0, 13) + '00';
  assert.ok(res.text.includes(`DTSTART;TZID=America/Chicago:${stamp}`), `DTSTART ${stamp}`);
  assert.ok(res.text.includes(`UID:appointment-${id}.`));
  assert.ok(!res.text.includes('A1c'), 'no reason for the visit in the file');
});

test('booking: types open to the patient, a week of slots within lead time and horizon, confirm, audited', async () => {
  const { client, pid } = await freshPatient();
  const types = await client.get('/riverside/appointments/book');
  assert.ok(types.text.includes('Follow-up visit') && types.text.includes('Video visit'));
  assert.ok(types.text.includes('New patient visit') && types.text.includes('/riverside/appointments/request?type=new_patient'));
  assert.ok(types.text.includes('If this is an emergency, call 911.'));
  const { list } = await slots(client, 'type=follow_up');
  const all = list.length ? list : await slotsAhead(client, 'follow_up');
  assert.ok(all.length > 0, 'open slots');
  for (const s of all) {
    assert.ok(s.start >= now() + 2 * HOUR - 5, 'at least min_lead_hours ahead');
    assert.ok(s.start <= now() + 60 * 86400, 'within the horizon');
    assert.ok(['chen', 'okafor'].includes(s.provider));
  }
  const slot = all[0];
  const before = lastAuditId();
  const res = await book(client, slot.href);
  const id = bookedId(res);
  const row = sql(`SELECT patient_id, provider_key, location_key, type_key, duration_min, status, booked_by
    FROM appointments WHERE id = ${id}`)[0];
  assert.deepEqual(row, [String(pid), slot.provider, slot.location, 'follow_up', '20', 'scheduled', 'patient']);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointment_cells WHERE appointment_id = ${id}`)), 4);
  assert.ok(auditSince(before).some((r) => r.action === 'appointment.book' && r.objectId === String(id)));
  const page = await client.get(res.location);
  assert.ok(page.text.includes('Your appointment is booked.'));
  // The booking is announced, without health details.
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE patient_id = ${pid} AND template = 'appointment_booked'`)), 1);
  // The slot is gone from the list.
  const again = await slotsAhead(client, 'follow_up', 1);
  assert.ok(!again.some((s) => s.start === slot.start && s.provider === slot.provider));
});

test('a new patient sees only the types open to new patients; request types cannot be booked', async () => {
  const { client } = await freshPatient('riverside', { established: false });
  const types = await client.get('/riverside/appointments/book');
  assert.ok(!types.text.includes('Follow-up visit'), 'established patients only');
  assert.ok(types.text.includes('New patient visit'));
  assert.equal((await client.get('/riverside/appointments/book/slots?type=follow_up')).status, 404);
  assert.equal((await client.get('/riverside/appointments/book/slots?type=new_patient')).status, 404);
  assert.equal((await client.get('/riverside/appointments/book/slots?type=nope')).status, 404);
});

test('a slot outside the rules is refused: too soon, too far, not a slot, not that provider\'s', async () => {
  const { client, pid } = await freshPatient();
  const [slot] = await slotsAhead(client, 'follow_up');
  const { fields } = await confirmFields(client, slot.href);
  const cases = [
    { start: now() + HOUR },                      // inside the lead time
    { start: slot.start + 90 * 86400 },           // past the horizon
    { start: slot.start + 7 * 60 },               // not on the grid
    { provider: slot.provider === 'chen' ? 'okafor' : 'chen' },   // another provider's time
    { location: 'nowhere' },
  ];
  for (const c of cases) {
    const res = await client.post('/riverside/appointments/book', { ...fields, ...c, idem: 'b'.repeat(31) + Object.keys(c)[0][0] });
    assert.equal(res.status, 200, JSON.stringify(c));
    assert.ok(res.text.includes('that time was just taken'), 'told to choose another time');
  }
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointments WHERE patient_id = ${pid} AND booked_by = 'patient'`)), 0);
});

test('double submit books once; a slot taken meanwhile sends the patient back to fresh slots', async () => {
  const a = await freshPatient();
  const b = await freshPatient();
  const [slot] = await slotsAhead(a.client, 'follow_up');
  const { fields } = await confirmFields(a.client, slot.href);
  const first = await a.client.post('/riverside/appointments/book', fields);
  const second = await a.client.post('/riverside/appointments/book', fields);
  assert.equal(bookedId(first), bookedId(second), 'the same visit');
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointments WHERE patient_id = ${a.pid} AND booked_by = 'patient'`)), 1);
  // b's confirm page already says the slot is gone.
  const gone = await b.client.get(slot.href);
  assert.equal(gone.status, 200);
  assert.ok(gone.text.includes('Sorry, that time was just taken.'));
  const { fields: bf } = await confirmFields(b.client, (await slotsAhead(b.client, 'follow_up'))[0].href);
  const taken = await b.client.post('/riverside/appointments/book', { ...bf, provider: slot.provider, location: slot.location, start: String(slot.start) });
  assert.equal(taken.status, 200);
  assert.ok(taken.text.includes('Sorry, that time was just taken.'));
  assert.ok(slotsOf(taken.text).length > 0, 'fresh slots on the same page');
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointments WHERE patient_id = ${b.pid} AND booked_by = 'patient'`)), 0);
});

test('50 booking attempts at one slot at once: exactly one appointment', async () => {
  const people = [];
  for (let i = 0; i < 10; i++) people.push(await freshPatient());
  const all = await slotsAhead(people[0].client, 'follow_up');
  const slot = all[Math.min(5, all.length - 1)];
  const forms = [];
  for (const p of people) {
    const { fields } = await confirmFields(p.client, slot.href);
    for (let k = 0; k < 5; k++) forms.push([p, { ...fields, idem: fields.idem.slice(0, 31) + k.toString(16) }]);
  }
  const results = await Promise.all(forms.map(([p, f]) => p.client.post('/riverside/appointments/book', f)));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 303).length, 1, `one winner: ${statuses.join(',')}`);
  assert.ok(statuses.every((s) => s === 303 || s === 200), `no errors: ${statuses.join(',')}`);
  const ids = people.map((p) => p.pid).join(',');
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointments WHERE patient_id IN (${ids}) AND status = 'scheduled' AND booked_by = 'patient'`)), 1);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointment_cells c JOIN appointments a ON a.id = c.appointment_id WHERE a.patient_id IN (${ids})`)), 4);
});

test('cancel before the cut-off frees the slot and its reminders; after it, the page says to call', async () => {
  const { client, pid, email } = await freshPatient();
  const all = await slotsAhead(client, 'follow_up', 2);
  const slot = all.find((s) => s.start > now() + 4 * 86400) || all[all.length - 1];
  const id = bookedId(await book(client, slot.href));
  assert.ok(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE appointment_id = ${id} AND status = 'pending'`)) >= 1, 'reminders queued');
  const page = await client.get(`/riverside/appointments/${id}/cancel`);
  assert.ok(page.text.includes('Do you want to cancel this appointment?'));
  const before = lastAuditId();
  const res = await client.post(`/riverside/appointments/${id}/cancel`, { csrf_token: csrfFrom(page.text) });
  assert.equal(res.status, 303);
  assert.equal(sqlValue(`SELECT CONCAT(status, ' ', cancelled_by) FROM appointments WHERE id = ${id}`), 'cancelled patient');
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointment_cells WHERE appointment_id = ${id}`)), 0);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE appointment_id = ${id} AND status = 'pending'`)), 0, 'reminders cancelled');
  assert.ok(auditSince(before).some((r) => r.action === 'appointment.cancel' && r.objectId === String(id)));
  assert.ok((await client.get(res.location)).text.includes('Your appointment was cancelled.'));
  const free = await slotsAhead(client, 'follow_up', 2);
  assert.ok(free.some((s) => s.start === slot.start && s.provider === slot.provider), 'the slot is open again');

  // Another visit, then the clock moves to 23 hours before it.
  const other = free.find((s) => s.start > now() + 3 * 86400);
  const id2 = bookedId(await book(client, other.href));
  try {
    setClock(other.start - now() - 23 * HOUR);
    // A day later the session has long timed out: sign in again.
    const later = await signedIn('riverside', email);
    const detail = await later.get(`/riverside/appointments/${id2}`);
    assert.ok(detail.text.includes('please call the clinic to cancel or change it'));
    assert.ok(detail.text.includes('(555) 010-2000'));
    assert.ok(!detail.text.includes(`/appointments/${id2}/cancel`));
    const late = await later.post(`/riverside/appointments/${id2}/cancel`, { csrf_token: csrfFrom(detail.text) });
    assert.equal(late.status, 200);
    assert.ok(late.text.includes('please call the clinic'));
    assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${id2}`), 'scheduled');
  } finally {
    resetClock();
  }
  assert.equal(pid > 0, true);
});

test('reschedule takes the new slot and gives the old one back, in one step', async () => {
  const { client } = await freshPatient();
  const all = await slotsAhead(client, 'follow_up', 2);
  const first = all.find((s) => s.start > now() + 3 * 86400);
  const id = bookedId(await book(client, first.href));
  const go = await client.get(`/riverside/appointments/${id}/reschedule`);
  assert.equal(go.status, 303);
  assert.match(go.location, new RegExp(`reschedule=${id}`));
  const week = await client.get(go.location);
  assert.ok(week.text.includes('You are choosing a new time.'));
  const target = slotsOf(week.text).find((s) => s.start !== first.start) || (await slotsAhead(client, 'follow_up', 2)).find((s) => s.start !== first.start);
  const { fields } = await confirmFields(client, target.href.includes('reschedule') ? target.href : `${target.href}&reschedule=${id}`);
  assert.equal(fields.reschedule, String(id));
  const res = await client.post('/riverside/appointments/book', fields);
  const newId = bookedId(res);
  assert.notEqual(newId, id);
  assert.deepEqual(sql(`SELECT status, rescheduled_to FROM appointments WHERE id = ${id}`)[0], ['cancelled', String(newId)]);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointment_cells WHERE appointment_id = ${id}`)), 0);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointment_cells WHERE appointment_id = ${newId}`)), 4);
  assert.ok((await client.get(res.location)).text.includes('Your appointment was moved to this new time.'));
  // Sent again: nothing more happens.
  const again = await client.post('/riverside/appointments/book', fields);
  assert.equal(bookedId(again), newId);
});

test('request mode: the patient asks, the request is listed as waiting; bad input is explained', async () => {
  const { client, pid } = await freshPatient('riverside', { established: false });
  const page = await client.get('/riverside/appointments/request?type=new_patient');
  assert.equal(page.status, 200);
  const idem = page.text.match(/name="idem" value="([0-9a-f]{32})"/)[1];
  const bad = await client.post('/riverside/appointments/request', { csrf_token: csrfFrom(page.text), idem, type: 'new_patient', reason: '' });
  assert.equal(bad.status, 200);
  assert.ok(bad.text.includes('Choose at least one day.') && bad.text.includes('Write the reason for the visit'));
  const ok = await client.post('/riverside/appointments/request', {
    csrf_token: csrfFrom(page.text), idem, type: 'new_patient', day_mon: '1', day_thu: '1', time_morning: '1', reason: 'New to the area, need a doctor',
  });
  assert.equal(ok.status, 303);
  await client.post('/riverside/appointments/request', {
    csrf_token: csrfFrom(page.text), idem, type: 'new_patient', day_mon: '1', time_morning: '1', reason: 'twice',
  });
  assert.deepEqual(sql(`SELECT preferred_days, preferred_times, status FROM appointment_requests WHERE patient_id = ${pid}`),
    [['mon,thu', 'morning', 'pending']]);
  const list = await client.get(ok.location);
  assert.ok(list.text.includes('Your request was sent.'));
  assert.ok(list.text.includes('Waiting for the clinic to schedule it'));
  assert.equal((await client.get('/riverside/appointments/request?type=follow_up')).status, 404);
});

test('waitlist: a freed earlier slot is offered in order, the first to accept gets it, offers expire', async () => {
  const early = await freshPatient();
  const b = await freshPatient();
  const c = await freshPatient();
  const all = await slotsAhead(early.client, 'follow_up', 3);
  const soon = all.find((s) => s.start > now() + 2 * 86400);
  const later = all.filter((s) => s.start > soon.start + 5 * 86400);
  const earlyId = bookedId(await book(early.client, soon.href));
  const bId = bookedId(await book(b.client, later[0].href));
  const cId = bookedId(await book(c.client, later[later.length - 1].href));
  for (const [p, id] of [[b, bId], [c, cId]]) {
    const page = await p.client.get(`/riverside/appointments/${id}`);
    assert.ok(page.text.includes('Join the waitlist'));
    const res = await p.client.post(`/riverside/appointments/${id}/waitlist`, { csrf_token: csrfFrom(page.text) });
    assert.equal(res.status, 303);
  }
  // The early patient cancels: both waiting patients are offered the slot.
  const cp = await early.client.get(`/riverside/appointments/${earlyId}/cancel`);
  await early.client.post(`/riverside/appointments/${earlyId}/cancel`, { csrf_token: csrfFrom(cp.text) });
  const offers = sql(`SELECT patient_id, id, status FROM waitlist_offers WHERE patient_id IN (${b.pid}, ${c.pid}) ORDER BY id`);
  assert.equal(offers.length, 2, 'offered to both waiting patients');
  assert.equal(offers[0][0], String(b.pid), 'the first to join is offered first');
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE template = 'waitlist_offer' AND patient_id IN (${b.pid}, ${c.pid})`)), 2);
  const cOffer = offers.find((r) => r[0] === String(c.pid))[1];
  const bOffer = offers.find((r) => r[0] === String(b.pid))[1];
  // c accepts first and gets it; b is then told it is gone.
  const cPage = await c.client.get(`/riverside/appointments/offers/${cOffer}`);
  assert.ok(cPage.text.includes('Take this time'));
  const took = await c.client.post(`/riverside/appointments/offers/${cOffer}/accept`, { csrf_token: csrfFrom(cPage.text) });
  const moved = bookedId(took);
  assert.deepEqual(sql(`SELECT status, rescheduled_to FROM appointments WHERE id = ${cId}`)[0], ['cancelled', String(moved)]);
  const bPage = await b.client.get(`/riverside/appointments/offers/${bOffer}`);
  const lost = await b.client.post(`/riverside/appointments/offers/${bOffer}/accept`, { csrf_token: csrfFrom(bPage.text) });
  assert.equal(lost.status, 200);
  assert.ok(lost.text.includes('no longer available'));
  assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${bId}`), 'scheduled', 'b keeps the later visit');
  // Someone else's offer is not found.
  assert.equal((await b.client.get(`/riverside/appointments/offers/${cOffer}`)).status, 404);

  // An offer that expired cannot be taken.
  const d = await freshPatient();
  const dId = bookedId(await book(d.client, later[1].href));
  const dp = await d.client.get(`/riverside/appointments/${dId}`);
  await d.client.post(`/riverside/appointments/${dId}/waitlist`, { csrf_token: csrfFrom(dp.text) });
  const movedPage = await c.client.get(`/riverside/appointments/${moved}/cancel`);
  await c.client.post(`/riverside/appointments/${moved}/cancel`, { csrf_token: csrfFrom(movedPage.text) });
  const dOffer = sqlValue(`SELECT id FROM waitlist_offers WHERE patient_id = ${d.pid} AND status = 'open'`);
  assert.ok(dOffer, 'offered to d');
  try {
    setClock(121 * 60);
    const dAgain = await signedIn('riverside', d.email);
    const page = await dAgain.get(`/riverside/appointments/offers/${dOffer}`);
    assert.ok(page.text.includes('no longer available'));
    const late = await dAgain.post(`/riverside/appointments/offers/${dOffer}/accept`, { csrf_token: csrfFrom(page.text) });
    assert.ok(late.text.includes('no longer available'));
  } finally {
    resetClock();
  }
  assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${dId}`), 'scheduled');
});

test('e-check-in opens 72 hours before, goes to the review queue, and marks the visit', async () => {
  const { client, pid } = await freshPatient();
  const all = await slotsAhead(client, 'follow_up', 2);
  const near = all.find((s) => s.start > now() + 30 * HOUR && s.start < now() + 70 * HOUR);
  const far = all.find((s) => s.start > now() + 80 * HOUR);
  const farId = bookedId(await book(client, far.href));
  const farPage = await client.get(`/riverside/appointments/${farId}`);
  assert.ok(farPage.text.includes('Online check-in opens on'));
  assert.equal((await client.get(`/riverside/appointments/${farId}/checkin`)).status, 409);
  if (!near) return; // a week without slots in that window: covered by the far visit's refusal
  const id = bookedId(await book(client, near.href));
  const form = await client.get(`/riverside/appointments/${id}/checkin`);
  assert.equal(form.status, 200);
  assert.ok(form.text.includes('value="(555) 555-0100"'), 'the chart\'s phone filled in');
  const send = (card, name, extra = {}) => {
    const fd = new FormData();
    fd.append('csrf_token', csrfFrom(form.text));
    fd.append('phone', '(555) 555-0199');
    fd.append('email', `p${pid}@riverside.example`);
    fd.append('address', '1 New Street, Springfield');
    fd.append('insurance_payer', 'Illinois Medicaid');
    fd.append('insurance_member_id', 'MCD123456');
    fd.append('medications', 'Metformin 500 mg\nLisinopril 10 mg');
    fd.append('allergies', 'Penicillin');
    for (const [k, v] of Object.entries(extra)) fd.set(k, v);
    if (card) fd.append('card', new Blob([card]), name);
    return client.post(`/riverside/appointments/${id}/checkin`, fd);
  };
  const bad = await send(EXE, 'card.png');
  assert.equal(bad.status, 200);
  assert.ok(bad.text.includes('PDF, JPEG or PNG') || bad.text.includes('JPEG'), 'the card is judged by content');
  const badPhone = await send(null, '', { phone: 'call me maybe' });
  assert.ok(badPhone.text.includes('Enter a phone number'));
  const ok = await send(PNG, 'card.png');
  assert.equal(ok.status, 303);
  assert.deepEqual(sql(`SELECT status, phone, insurance_payer, card_type, LENGTH(card_data) FROM checkins WHERE appointment_id = ${id}`)[0],
    ['pending', '(555) 555-0199', 'Illinois Medicaid', 'image/png', String(PNG.length)]);
  assert.equal(sqlValue(`SELECT phone FROM patients WHERE id = ${pid}`), '(555) 555-0100', 'the chart is not changed');
  const page = await client.get(ok.location);
  assert.ok(page.text.includes('you are checked in'));
  assert.ok(page.text.includes('Checked in online'));
  assert.equal((await send(PNG, 'card.png')).status, 303, 'sent twice: one check-in');
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM checkins WHERE appointment_id = ${id}`)), 1);
});

test('a video visit shows "Join video visit" only inside the join window', async () => {
  const { client: first, email } = await freshPatient();
  let client = first;
  const all = await slotsAhead(client, 'video', 3);
  assert.ok(all.length > 0, 'video slots');
  const slot = all[0];
  const id = bookedId(await book(client, slot.href));
  try {
    setClock(slot.start - now() - 30 * 60);
    client = await signedIn('riverside', email);
    let page = await client.get(`/riverside/appointments/${id}`);
    assert.ok(!page.text.includes('Join video visit'));
    assert.ok(page.text.includes('The link to join the video visit appears here from'));
    const early = await client.get(`/riverside/appointments/${id}/join`);
    assert.equal(early.status, 303);
    assert.equal(early.location, `/riverside/appointments/${id}`);
    setClock(slot.start - now() - 10 * 60);
    client = await signedIn('riverside', email);
    page = await client.get(`/riverside/appointments/${id}`);
    assert.ok(page.text.includes('Join video visit'));
    const join = await client.get(`/riverside/appointments/${id}/join`);
    assert.equal(join.status, 303);
    assert.match(join.location, /^https:\/\/video\.riverside\.example\/visit\/[A-Za-z0-9_-]{20,}$/);
    setClock(slot.start - now() + 25 * 60);
    client = await signedIn('riverside', email);
    page = await client.get(`/riverside/appointments/${id}`);
    assert.ok(!page.text.includes('Join video visit'), 'closed after the visit');
  } finally {
    resetClock();
  }
});

test('reminders: queued at the lead times; the signed link confirms once, refuses tampering, reuse and expiry', async () => {
  const { client, pid } = await freshPatient();
  const all = await slotsAhead(client, 'follow_up', 2);
  const slot = all.find((s) => s.start > now() + 4 * 86400);
  const id = bookedId(await book(client, slot.href));
  const due = sql(`SELECT UNIX_TIMESTAMP(due_at) - UNIX_TIMESTAMP(a.starts_at), o.link FROM outbox o
    JOIN appointments a ON a.id = o.appointment_id WHERE o.appointment_id = ${id} AND o.template = 'appointment_reminder'
    ORDER BY o.due_at`);
  assert.deepEqual(due.map((r) => Number(r[0])), [-72 * HOUR, -24 * HOUR]);
  const link = due[0][1];
  assert.match(link, /\/riverside\/visit\?t=[A-Za-z0-9_-]+$/);
  assert.ok(!/follow|chen|okafor/i.test(link), 'nothing about the visit in the link');
  const path = link.slice(link.indexOf('/riverside/'));
  const anon = new Client();
  const page = await anon.get(path);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('I will come'));
  const token = new URL(path, 'http://x').searchParams.get('t');
  // Tampered: one character changed.
  const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
  const before = lastAuditId();
  assert.equal((await anon.get(`/riverside/visit?t=${flipped}`)).status, 404);
  assert.ok(auditSince(before).some((r) => r.action === 'visit_link.open' && r.outcome === 'denied'));
  assert.equal((await anon.post('/riverside/visit', { csrf_token: csrfFrom(page.text), t: flipped, action: 'cancel' })).status, 404);
  // The link cannot open anything else.
  assert.equal((await anon.get(`/riverside/appointments/${id}?t=${token}`)).status, 303, 'still needs sign-in');
  const ok = await anon.post('/riverside/visit', { csrf_token: csrfFrom(page.text), t: token, action: 'confirm' });
  assert.equal(ok.status, 200);
  assert.ok(ok.text.includes('your appointment is confirmed'));
  assert.ok(sqlValue(`SELECT confirmed_at FROM appointments WHERE id = ${id}`));
  const reuse = await anon.post('/riverside/visit', { csrf_token: csrfFrom(page.text), t: token, action: 'cancel' });
  assert.ok(reuse.text.includes('This link was already used'));
  assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${id}`), 'scheduled');
  // The second reminder's link cancels; after the visit began, links expire.
  const second = due[1][1].slice(due[1][1].indexOf('/riverside/'));
  const p2 = await anon.get(second);
  const cancelled = await anon.post('/riverside/visit', { csrf_token: csrfFrom(p2.text), t: new URL(second, 'http://x').searchParams.get('t'), action: 'cancel' });
  assert.ok(cancelled.text.includes('Your appointment was cancelled.'));
  assert.equal(sqlValue(`SELECT CONCAT(status, ' ', cancelled_by) FROM appointments WHERE id = ${id}`), 'cancelled link');
  try {
    setClock(slot.start - now() + HOUR);
    const expired = await anon.get(second);
    assert.ok(expired.text.includes('This link has expired'));
  } finally {
    resetClock();
  }
  // A visit booked 30 hours ahead gets only the 24-hour reminder.
  const soon = (await slotsAhead(client, 'follow_up', 1)).find((s) => s.start > now() + 26 * HOUR && s.start < now() + 70 * HOUR);
  if (soon) {
    const id2 = bookedId(await book(client, soon.href));
    const n = Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE appointment_id = ${id2} AND template = 'appointment_reminder'`));
    assert.equal(n, soon.start - 72 * HOUR > now() ? 2 : 1);
  }
  assert.ok(pid);
});

test('another patient\'s visit, offer or calendar: 404 and an audit row; other clinics cannot see it', async () => {
  const owner = await freshPatient();
  const [slot] = await slotsAhead(owner.client, 'follow_up');
  const id = bookedId(await book(owner.client, slot.href));
  const james = await signedIn('riverside', 'james@riverside.example');
  const token = csrfFrom((await james.get('/riverside/appointments')).text);
  const before = lastAuditId();
  for (const path of [`/riverside/appointments/${id}`, `/riverside/appointments/${id}/calendar`,
    `/riverside/appointments/${id}/cancel`, `/riverside/appointments/${id}/checkin`, `/riverside/appointments/${id}/join`,
    `/riverside/appointments/${id}/reschedule`]) {
    assert.equal((await james.get(path)).status, 404, path);
  }
  for (const path of [`/riverside/appointments/${id}/cancel`, `/riverside/appointments/${id}/waitlist`]) {
    assert.equal((await james.post(path, { csrf_token: token })).status, 404, path);
  }
  const denied = auditSince(before).filter((r) => r.outcome === 'denied' && r.objectId === String(id));
  assert.ok(denied.length >= 7, `denials audited (${denied.length})`);
  assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${id}`), 'scheduled');
  // Rescheduling someone else's visit through the booking form.
  const { fields } = await confirmFields(james, (await slotsAhead(james, 'follow_up'))[0].href);
  assert.equal((await james.post('/riverside/appointments/book', { ...fields, reschedule: String(id) })).status, 404);
  const rosa = await signedIn('valle', 'rosa@valle.example');
  assert.equal((await rosa.get(`/valle/appointments/${id}`)).status, 404);
});

test('CSRF: every appointments POST without its token is refused and changes nothing', async () => {
  const { client, pid } = await freshPatient();
  const [slot] = await slotsAhead(client, 'follow_up');
  const { fields } = await confirmFields(client, slot.href);
  const { csrf_token: _, ...noToken } = fields;
  assert.equal((await client.post('/riverside/appointments/book', noToken)).status, 403);
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM appointments WHERE patient_id = ${pid} AND booked_by = 'patient'`)), 0);
  const id = bookedId(await client.post('/riverside/appointments/book', fields));
  for (const path of [`/riverside/appointments/${id}/cancel`, `/riverside/appointments/${id}/waitlist`,
    `/riverside/appointments/${id}/waitlist/leave`, `/riverside/appointments/${id}/checkin`, '/riverside/appointments/request']) {
    assert.equal((await client.post(path, { csrf_token: 'forged' })).status, 403, path);
  }
  assert.equal((await new Client().post('/riverside/visit', { t: 'x'.repeat(40), action: 'cancel' })).status, 403);
  assert.equal(sqlValue(`SELECT status FROM appointments WHERE id = ${id}`), 'scheduled');
});

test('Spanish: the pages and the calendar speak the patient\'s language', async () => {
  const { client } = await freshPatient('riverside', { lang: 'es' });
  await client.get('/riverside/appointments?lang=es');
  const page = await client.get('/riverside/appointments/book?lang=es');
  assert.ok(page.text.includes('Hacer una cita') && page.text.includes('Consulta de seguimiento'));
  assert.ok(page.text.includes('Si es una emergencia, llame al 911.'));
  const { res } = await slots(client, 'type=follow_up&lang=es');
  assert.ok(res.text.includes('Elija un horario'));
  assert.equal(appointmentOf('riverside', 'R100234') > 0, true);
});

test('visits from the EHR get their reminders too: the notifier queues them', async () => {
  const { pid } = await freshPatient();
  const id = Number(sqlValue('SELECT COALESCE(MAX(id), 0) + 1 FROM appointments'));
  sql(`INSERT INTO appointments (id, clinic_id, patient_id, provider_key, location_key, visit_type, starts_at,
    duration_min, status, created_at) SELECT ${id}, clinic_id, id, 'chen', 'main', 'Annual physical',
    UTC_TIMESTAMP() + INTERVAL 5 DAY, 40, 'scheduled', UTC_TIMESTAMP() FROM patients WHERE id = ${pid}`);
  let rows = [];
  for (let i = 0; i < 40 && rows.length < 2; i++) {
    await new Promise((r) => setTimeout(r, 500));
    rows = sql(`SELECT UNIX_TIMESTAMP(o.due_at) - UNIX_TIMESTAMP(a.starts_at), o.status FROM outbox o
      JOIN appointments a ON a.id = o.appointment_id WHERE o.appointment_id = ${id} ORDER BY o.due_at`);
  }
  assert.deepEqual(rows.map((r) => Number(r[0])), [-72 * HOUR, -24 * HOUR]);
  assert.ok(sqlValue(`SELECT reminders_queued_at FROM appointments WHERE id = ${id}`));
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM outbox WHERE appointment_id = ${id}`)), 2, 'queued once');
});
