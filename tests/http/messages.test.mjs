// Secure messaging: compose with topics routed to care teams, attachments
// judged by content, idempotent sends, urgent-word triage before and after
// sending, closed threads, the staff inbox (filters, assignment, replies,
// close and reopen), scope (cross-patient, cross-clinic: 404 + audit), CSRF
// on every POST, and the outbox rows that announce changes.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import {
  Client, signedIn, h1, csrfFrom, sql, sqlValue, lastAuditId, auditSince, patientId, freshStaff,
} from './lib.mjs';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea73581e40000000049454e44ae426082', 'hex');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1), Buffer.from([0xff, 0xd9])]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

function idemOf(html) {
  const m = html.match(/name="idem" value="([0-9a-f]{32})"/);
  assert.ok(m, 'the form carries an idempotency key');
  return m[1];
}

// Compose through the real form: GET /messages/new, then a multipart POST.
async function compose(client, clinic, { topic = 'medical', subject, body, files = [], ack = false, idem } = {}) {
  const page = await client.get(`/${clinic}/messages/new`);
  assert.equal(page.status, 200);
  const fd = new FormData();
  fd.append('csrf_token', csrfFrom(page.text));
  fd.append('idem', idem || idemOf(page.text));
  fd.append('topic', topic);
  fd.append('subject', subject);
  fd.append('body', body);
  if (ack) fd.append('urgent_ack', '1');
  for (const [name, data, type] of files) fd.append('attachment', new Blob([data], { type }), name);
  return client.post(`/${clinic}/messages`, fd);
}

function threadIdOf(res) {
  const m = (res.location || '').match(/\/messages\/(\d+)\?sent=1$/);
  assert.ok(m, `redirected to the thread (got ${res.status} ${res.location} ${h1(res.text || '')})`);
  return Number(m[1]);
}

const MARIA = 'R100234';

test('compose: topic routed to its care team, the thread in inbox and sent folders, audited', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const page = await maria.get('/riverside/messages/new');
  assert.ok(page.text.includes('within 2 business days'), 'expected response time');
  assert.ok(page.text.includes('If this is an emergency, call 911.'), 'emergency notice');
  const before = lastAuditId();
  const res = await compose(maria, 'riverside', { topic: 'billing', subject: 'Question about my bill', body: 'Can I pay in two parts?' });
  const id = threadIdOf(res);
  assert.deepEqual(sql(`SELECT care_team, topic, status, awaiting_staff FROM message_threads WHERE id = ${id}`)[0],
    ['billing', 'billing', 'open', '1']);
  assert.ok(auditSince(before).some((r) => r.action === 'message.send' && r.objectId === String(id)));
  const thread = await maria.get(res.location);
  assert.ok(thread.text.includes('Your message was sent to your care team.'));
  assert.equal(h1(thread.text), 'Question about my bill');
  const inbox = await maria.get('/riverside/messages');
  assert.ok(inbox.text.includes(`/riverside/messages/${id}"`));
  const sent = await maria.get('/riverside/messages/sent');
  assert.ok(sent.text.includes('Can I pay in two parts?'));
});

test('compose in Spanish shows the clinic response time and the emergency notice in Spanish', async () => {
  const rosa = await signedIn('valle', 'rosa@valle.example');
  const page = await rosa.get('/valle/messages/new');
  assert.equal(h1(page.text), 'Mensaje nuevo');
  assert.ok(page.text.includes('en un plazo de 3 días hábiles'));
  assert.ok(page.text.includes('Si es una emergencia, llame al 911.'));
  assert.ok(page.text.includes('Una pregunta médica'), 'topics in Spanish');
});

test('bad input is refused with messages on the form, nothing is sent', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const count = sqlValue('SELECT COUNT(*) FROM messages');
  const res = await compose(maria, 'riverside', { topic: 'astrology', subject: '', body: '' });
  assert.equal(res.status, 200);
  for (const msg of ['Choose what your message is about.', 'Write a subject', 'Write your message']) {
    assert.ok(res.text.includes(msg), msg);
  }
  const long = await compose(maria, 'riverside', { subject: 'x', body: 'y'.repeat(5001) });
  assert.ok(long.text.includes('Write your message, up to 5,000 characters.'));
  assert.equal(sqlValue('SELECT COUNT(*) FROM messages'), count);
});

test('attachments: PDF, JPEG and PNG judged by content; a renamed .exe, too many or too large files refused', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const ok = await compose(maria, 'riverside', {
    subject: 'Photos of the rash', body: 'Here they are.',
    files: [['rash.jpg', JPEG, 'image/jpeg'], ['results.pdf', PDF, 'application/pdf'], ['weird-name.pdf', PNG, 'application/pdf']],
  });
  const id = threadIdOf(ok);
  const rows = sql(`SELECT filename, content_type, size_bytes FROM message_attachments a JOIN messages m ON m.id = a.message_id WHERE m.thread_id = ${id} ORDER BY a.id`);
  assert.deepEqual(rows, [['rash.jpg', 'image/jpeg', String(JPEG.length)], ['results.pdf', 'application/pdf', String(PDF.length)],
    ['weird-name.pdf', 'image/png', String(PNG.length)]], 'stored with the type of their content');
  const thread = await maria.get(`/riverside/messages/${id}`);
  const links = [...thread.text.matchAll(/href="(\/riverside\/messages\/\d+\/attachments\/\d+)"/g)].map((m) => m[1]);
  assert.equal(links.length, 3);
  const before = lastAuditId();
  const dl = await fetch(process.env.PORTAL_URL + links[0], { headers: { cookie: maria.cookieHeader() } });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'image/jpeg');
  assert.match(dl.headers.get('content-disposition'), /^attachment; filename="rash.jpg"/);
  assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), JPEG);
  assert.ok(auditSince(before).some((r) => r.action === 'attachment.download' && r.outcome === 'success'));

  const count = sqlValue('SELECT COUNT(*) FROM message_attachments');
  const exe = await compose(maria, 'riverside', { subject: 'Photo', body: 'See photo.', files: [['photo.jpg', EXE, 'image/jpeg']] });
  assert.equal(exe.status, 200);
  assert.ok(exe.text.includes('Only PDF, JPEG and PNG files can be attached.'));
  assert.ok(exe.text.includes('Please choose your files again'));
  assert.ok(exe.text.includes('value="Photo"'), 'the subject is kept');
  const many = await compose(maria, 'riverside', { subject: 'Four', body: 'Four files.', files: [1, 2, 3, 4].map((i) => [`p${i}.png`, PNG, 'image/png']) });
  assert.ok(many.text.includes('You can attach at most 3 files.'));
  const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024 + 1, 32)]);
  const large = await compose(maria, 'riverside', { subject: 'Big', body: 'Big file.', files: [['big.pdf', big, 'application/pdf']] });
  assert.equal(large.status, 200);
  assert.ok(large.text.includes('Each file can be at most 5 MB.'));
  assert.equal(sqlValue('SELECT COUNT(*) FROM message_attachments'), count, 'nothing stored');
});

test('sending twice with the same key (double click, refresh, retry) creates one message', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const page = await maria.get('/riverside/messages/new');
  const idem = idemOf(page.text);
  const before = Number(sqlValue('SELECT COUNT(*) FROM messages'));
  const sends = await Promise.all([1, 2, 3].map(() => compose(maria, 'riverside', { subject: 'Once', body: 'Only once please.', idem })));
  const ids = new Set(sends.map(threadIdOf));
  assert.equal(ids.size, 1, 'every attempt lands on the same thread');
  assert.equal(Number(sqlValue('SELECT COUNT(*) FROM messages')), before + 1);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM message_threads WHERE subject = 'Once' AND patient_id = ${patientId('riverside', MARIA)}`), '1');
  // A reply too.
  const thread = await maria.get(`/riverside/messages/${[...ids][0]}`);
  const replyIdem = idemOf(thread.text);
  const token = csrfFrom(thread.text);
  for (let i = 0; i < 2; i++) await maria.post(`/riverside/messages/${[...ids][0]}/reply`, { csrf_token: token, idem: replyIdem, body: 'A single reply.' });
  assert.equal(sqlValue("SELECT COUNT(*) FROM messages WHERE body = 'A single reply.'"), '1');
});

test('triage: urgent words show what to do before sending, flag the thread, alert the team without the text', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const count = sqlValue('SELECT COUNT(*) FROM messages');
  const first = await compose(maria, 'riverside', { subject: 'Since this morning', body: 'I have crushing CHEST PAIN and feel dizzy.' });
  assert.equal(first.status, 200, 'not sent yet');
  assert.ok(first.text.includes('If this is an emergency, call 911 now'));
  assert.ok(first.text.includes('href="tel:911"'));
  assert.ok(first.text.includes('Send my message'));
  assert.ok(first.text.includes('name="urgent_ack" value="1"'));
  assert.equal(sqlValue('SELECT COUNT(*) FROM messages'), count, 'nothing was sent before the patient chose to');
  const outboxBefore = Number(sqlValue('SELECT COALESCE(MAX(id), 0) FROM outbox'));
  const sent = await compose(maria, 'riverside', { subject: 'Since this morning', body: 'I have crushing CHEST PAIN and feel dizzy.', ack: true });
  const id = threadIdOf(sent);
  assert.equal(sqlValue(`SELECT urgent FROM message_threads WHERE id = ${id}`), '1');
  const after = await maria.get(sent.location);
  assert.ok(after.text.includes('If this is an emergency, call 911 now'), 'the notice after sending too');
  const alerts = sql(`SELECT recipient, template, link FROM outbox WHERE id > ${outboxBefore}`);
  assert.deepEqual(alerts.map((r) => r.slice(0, 2)), [['family-team@riverside.example', 'urgent_alert']]);
  assert.match(alerts[0][2], new RegExp(`/riverside/staff/messages/${id}$`));
  assert.doesNotMatch(JSON.stringify(alerts), /chest|dizzy/i);
  // Staff see it first, flagged.
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  const list = await nurse.get('/riverside/staff/messages');
  const firstRow = list.text.match(/<tbody>[\s\S]*?<\/tr>/)[0];
  assert.ok(firstRow.includes(`/riverside/staff/messages/${id}"`), 'urgent threads come first');
  assert.ok(firstRow.includes('Urgent'));
});

test('triage in Spanish: a crisis message shows 988 in Spanish; accents and case do not matter', async () => {
  const rosa = await signedIn('valle', 'rosa@valle.example');
  const res = await compose(rosa, 'valle', { subject: 'Ayuda', body: 'Ya no aguanto, QUIERO MORIR.' });
  assert.equal(res.status, 200);
  assert.ok(res.text.includes('llame o envíe un mensaje de texto al 988'));
  assert.ok(res.text.includes('href="tel:988"'));
  assert.ok(res.text.includes('Enviar mi mensaje'));
  const chest = await compose(rosa, 'valle', { subject: 'Pecho', body: 'tengo dolor de pécho' });
  assert.ok(chest.text.includes('llame al 911 ahora'));
  const calm = await compose(rosa, 'valle', { subject: 'Cita', body: '¿Puedo cambiar mi cita para el martes?' });
  assert.equal(calm.status, 303, 'an ordinary message goes straight through');
});

test("a patient cannot see, answer or download from another patient's thread: 404 and an audit row", async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const res = await compose(maria, 'riverside', { subject: 'Private', body: 'Only for my team.', files: [['a.pdf', PDF, 'application/pdf']] });
  const id = threadIdOf(res);
  const att = sqlValue(`SELECT a.id FROM message_attachments a JOIN messages m ON m.id = a.message_id WHERE m.thread_id = ${id}`);
  const james = await signedIn('riverside', 'james@riverside.example');
  const before = lastAuditId();
  const view = await james.get(`/riverside/messages/${id}`);
  assert.equal(view.status, 404);
  assert.ok(!view.text.includes('Only for my team.'));
  const home = await james.get('/riverside/messages');
  const reply = await james.post(`/riverside/messages/${id}/reply`, { csrf_token: csrfFrom(home.text), idem: 'a'.repeat(32), body: 'hi' });
  assert.equal(reply.status, 404);
  const dl = await james.get(`/riverside/messages/${id}/attachments/${att}`);
  assert.equal(dl.status, 404);
  const rows = auditSince(before).filter((r) => r.outcome === 'denied');
  assert.deepEqual(rows.map((r) => r.action), ['message.read', 'message.reply', 'attachment.download']);
  // Staff of another clinic get the same answer.
  const valle = await signedIn('valle', 'admin@valle.example');
  const b2 = lastAuditId();
  assert.equal((await valle.get(`/valle/staff/messages/${id}`)).status, 404);
  assert.ok(auditSince(b2).some((r) => r.action === 'message.read' && r.outcome === 'denied'));
  const list = await valle.get('/valle/staff/messages?filter=open');
  assert.ok(!list.text.includes('Private'), "another clinic's threads are not listed");
});

test('reading a thread is audited and marks staff replies read; the unread badge follows', async () => {
  const james = await signedIn('riverside', 'james@riverside.example');
  const unread = Number(sqlValue(`SELECT COUNT(*) FROM messages WHERE patient_id = ${patientId('riverside', 'R100581')} AND from_patient = 0 AND read_by_patient_at IS NULL`));
  assert.ok(unread > 0, 'the demo has an unread staff message for James');
  const home = await james.get('/riverside/home');
  assert.match(home.text, new RegExp(`Messages <span class="badge">${unread}<`));
  const inbox = await james.get('/riverside/messages');
  const id = inbox.text.match(/<li class="unread">\s*<a href="\/riverside\/messages\/(\d+)"/)[1];
  const before = lastAuditId();
  await james.get(`/riverside/messages/${id}`);
  assert.deepEqual(auditSince(before).map((r) => [r.action, r.objectId]), [['message.read', id]]);
  const again = await james.get('/riverside/messages');
  assert.doesNotMatch(again.text, new RegExp(`<li class="unread">\\s*<a href="/riverside/messages/${id}"`));
});

test('staff inbox: filters with counts, assignment to self and a colleague, reply, close and reopen', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const id = threadIdOf(await compose(maria, 'riverside', { topic: 'prescription', subject: 'Refill of lisinopril', body: 'I am almost out.' }));
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  const tabs = async (filter) => {
    const page = await nurse.get(`/riverside/staff/messages?filter=${filter}`);
    assert.equal(page.status, 200);
    return { page, listed: page.text.includes(`/riverside/staff/messages/${id}"`) };
  };
  assert.ok((await tabs('unassigned')).listed);
  assert.ok(!(await tabs('mine')).listed);
  assert.ok((await tabs('open')).listed);
  assert.ok(!(await tabs('closed')).listed);
  const teamPage = await nurse.get('/riverside/staff/messages?filter=open&team=billing');
  assert.ok(!teamPage.text.includes(`/riverside/staff/messages/${id}"`), 'not in the billing team');
  assert.match(teamPage.text, /Open \(\d+\)/);

  let thread = await nurse.get(`/riverside/staff/messages/${id}`);
  assert.ok(thread.text.includes('Garcia, Maria'), 'the chart header');
  const me = sqlValue("SELECT id FROM users WHERE email = 'nurse@riverside.example'");
  let res = await nurse.post(`/riverside/staff/messages/${id}/assign`, { csrf_token: csrfFrom(thread.text), assignee: me });
  assert.equal(res.status, 303);
  assert.ok((await tabs('mine')).listed);
  assert.ok(!(await tabs('unassigned')).listed);
  const chen = sqlValue("SELECT id FROM users WHERE email = 'dr.chen@riverside.example'");
  res = await nurse.post(`/riverside/staff/messages/${id}/assign`, { csrf_token: csrfFrom(thread.text), assignee: chen });
  assert.equal(sqlValue(`SELECT assigned_to FROM message_threads WHERE id = ${id}`), chen);
  const outsider = sqlValue("SELECT id FROM users WHERE email = 'admin@valle.example'");
  res = await nurse.post(`/riverside/staff/messages/${id}/assign`, { csrf_token: csrfFrom(thread.text), assignee: outsider });
  assert.equal(res.status, 400, 'no assigning to staff of another clinic');
  assert.equal(sqlValue(`SELECT assigned_to FROM message_threads WHERE id = ${id}`), chen);

  // A reply from a template, with the first name filled in.
  thread = await nurse.get(`/riverside/staff/messages/${id}?template=received`);
  const filled = thread.text.match(/<textarea[^>]*>([^<]*)</)[1];
  assert.match(filled, /^Hola Maria, recibimos su mensaje/, "the template in the patient's language");
  const outboxBefore = Number(sqlValue('SELECT COALESCE(MAX(id), 0) FROM outbox'));
  const created = sqlValue(`SELECT created_at FROM message_threads WHERE id = ${id}`);
  res = await nurse.post(`/riverside/staff/messages/${id}/reply`, { csrf_token: csrfFrom(thread.text), idem: idemOf(thread.text), body: 'Sent to your pharmacy today.' });
  assert.equal(res.status, 303);
  const [awaiting, firstResponse] = sql(`SELECT awaiting_staff, first_response_at FROM message_threads WHERE id = ${id}`)[0];
  assert.equal(awaiting, '0');
  assert.ok(firstResponse >= created, 'the response time is recorded');
  const note = sql(`SELECT recipient, template, channel, link FROM outbox WHERE id > ${outboxBefore}`);
  assert.deepEqual(note.map((r) => r.slice(0, 3)), [['maria@riverside.example', 'new_message', 'email']]);
  assert.match(note[0][3], new RegExp(`/riverside/messages/${id}$`));
  assert.doesNotMatch(JSON.stringify(note), /pharmacy|lisinopril/i, 'no health information in the notification');

  thread = await nurse.get(res.location);
  res = await nurse.post(`/riverside/staff/messages/${id}/close`, { csrf_token: csrfFrom(thread.text) });
  assert.ok((await tabs('closed')).listed);
  // The patient sees the reply, and cannot answer a closed thread.
  let view = await maria.get(`/riverside/messages/${id}`);
  assert.ok(view.text.includes('Sent to your pharmacy today.'));
  assert.ok(view.text.includes('This conversation is closed'));
  assert.ok(!view.text.includes('name="idem"'), 'no reply form on a closed thread');
  const refused = await maria.post(`/riverside/messages/${id}/reply`, { csrf_token: csrfFrom(view.text), idem: 'e'.repeat(32), body: 'Thanks!' });
  assert.equal(refused.status, 200);
  assert.ok(refused.text.includes('This conversation was closed. Please write a new message instead.'));
  assert.equal(sqlValue("SELECT COUNT(*) FROM messages WHERE body = 'Thanks!'"), '0');
  thread = await nurse.get(`/riverside/staff/messages/${id}`);
  await nurse.post(`/riverside/staff/messages/${id}/reopen`, { csrf_token: csrfFrom(thread.text) });
  view = await maria.get(`/riverside/messages/${id}`);
  const ok = await maria.post(`/riverside/messages/${id}/reply`, { csrf_token: csrfFrom(view.text), idem: idemOf(view.text), body: 'Thanks!' });
  assert.equal(ok.status, 303);
  assert.equal(sqlValue(`SELECT awaiting_staff FROM message_threads WHERE id = ${id}`), '1');
  // Mark urgent and not urgent.
  thread = await nurse.get(`/riverside/staff/messages/${id}`);
  await nurse.post(`/riverside/staff/messages/${id}/urgent`, { csrf_token: csrfFrom(thread.text), urgent: '1' });
  assert.ok((await tabs('urgent')).listed);
  await nurse.post(`/riverside/staff/messages/${id}/urgent`, { csrf_token: csrfFrom(thread.text), urgent: '0' });
  assert.ok(!(await tabs('urgent')).listed);
});

test("the staff navigation counts threads waiting on staff that are unassigned or one's own", async () => {
  const staff = freshStaff();
  const c = await signedIn('riverside', staff.email, staff.password);
  const page = await c.get('/riverside/staff');
  const waiting = Number(sqlValue("SELECT COUNT(*) FROM message_threads t JOIN clinics c ON c.id = t.clinic_id WHERE c.slug = 'riverside' AND t.status = 'open' AND t.awaiting_staff = 1 AND t.assigned_to IS NULL"));
  assert.ok(waiting > 0);
  assert.match(page.text, new RegExp(`Messages <span class="badge">${waiting}<span class="visually-hidden"> waiting`));
});

test('CSRF: every messaging POST without its token is refused and changes nothing', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const id = threadIdOf(await compose(maria, 'riverside', { subject: 'CSRF check', body: 'Hello.' }));
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  const messages = Number(sqlValue('SELECT COUNT(*) FROM messages'));
  const state = () => sql(`SELECT status, urgent, COALESCE(assigned_to, 0) FROM message_threads WHERE id = ${id}`)[0].join();
  const before = state();
  const fd = new FormData();
  fd.append('idem', 'b'.repeat(32));
  fd.append('topic', 'medical');
  fd.append('subject', 'x');
  fd.append('body', 'x');
  for (const [client, path, body] of [
    [maria, '/riverside/messages', fd],
    [maria, `/riverside/messages/${id}/reply`, { idem: 'c'.repeat(32), body: 'x' }],
    [maria, '/riverside/account/notifications', { channel: 'none' }],
    [maria, '/riverside/account/language', { lang: 'es', back: '/riverside/home' }],
    [nurse, `/riverside/staff/messages/${id}/reply`, { idem: 'd'.repeat(32), body: 'x' }],
    [nurse, `/riverside/staff/messages/${id}/assign`, { assignee: '0' }],
    [nurse, `/riverside/staff/messages/${id}/close`, {}],
    [nurse, `/riverside/staff/messages/${id}/reopen`, {}],
    [nurse, `/riverside/staff/messages/${id}/urgent`, { urgent: '1' }],
  ]) {
    const res = await client.post(path, body);
    assert.equal(res.status, 403, path);
  }
  assert.equal(Number(sqlValue('SELECT COUNT(*) FROM messages')), messages);
  assert.equal(state(), before);
  assert.equal(sqlValue("SELECT lang FROM users WHERE email = 'maria@riverside.example'"), 'en');
});

test('a switched-off feature: valle staff and patients see messages, but a clinic without it would 404', async () => {
  // valle has messages on: the pages exist there...
  const rosa = await signedIn('valle', 'rosa@valle.example');
  assert.equal((await rosa.get('/valle/messages')).status, 200);
  // ...and staff may not use the patient's pages, nor patients the staff's.
  assert.equal((await rosa.get('/valle/staff/messages')).status, 404);
  const admin = await signedIn('valle', 'admin@valle.example');
  assert.equal((await admin.get('/valle/messages')).status, 404);
});

test('notification settings: text messages need a number and explicit consent; STOP is honoured', async () => {
  const james = await signedIn('riverside', 'james@riverside.example');
  let page = await james.get('/riverside/account/notifications');
  assert.equal(h1(page.text), 'Notification settings');
  let res = await james.post('/riverside/account/notifications', { csrf_token: csrfFrom(page.text), channel: 'sms', sms_phone: '', quiet_start: '', quiet_end: '' });
  assert.ok(res.text.includes('To get text messages, enter your mobile number.'));
  res = await james.post('/riverside/account/notifications', { csrf_token: csrfFrom(page.text), channel: 'sms', sms_phone: '(555) 201-7781', quiet_start: '', quiet_end: '' });
  assert.ok(res.text.includes('check the box to agree'), 'no texts without consent');
  res = await james.post('/riverside/account/notifications', { csrf_token: csrfFrom(page.text), channel: 'sms', sms_phone: '12', quiet_start: '', quiet_end: '' });
  assert.ok(res.text.includes('Enter a mobile number with its area code'));
  const before = lastAuditId();
  res = await james.post('/riverside/account/notifications', { csrf_token: csrfFrom(page.text), channel: 'sms', sms_phone: '(555) 201-7781', sms_consent: '1', quiet_start: '', quiet_end: '' });
  assert.equal(res.status, 303);
  assert.ok(auditSince(before).some((r) => r.action === 'notification_prefs.update'));
  const uid = sqlValue("SELECT id FROM users WHERE email = 'james@riverside.example'");
  assert.deepEqual(sql(`SELECT channel, sms_phone, sms_opt_in_at IS NOT NULL FROM notification_prefs WHERE user_id = ${uid}`)[0], ['sms', '+15552017781', '1']);
  // A staff reply now goes out as a text.
  const tid = sqlValue(`SELECT id FROM message_threads WHERE patient_id = ${patientId('riverside', 'R100581')} ORDER BY id LIMIT 1`);
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  let thread = await nurse.get(`/riverside/staff/messages/${tid}`);
  let mark = Number(sqlValue('SELECT COALESCE(MAX(id), 0) FROM outbox'));
  await nurse.post(`/riverside/staff/messages/${tid}/reply`, { csrf_token: csrfFrom(thread.text), idem: idemOf(thread.text), body: 'See you tomorrow.' });
  assert.deepEqual(sql(`SELECT channel, recipient FROM outbox WHERE id > ${mark}`), [['sms', '+15552017781']]);
  // STOP from the phone, through the gateway's callback.
  const token = readFileSync(`${process.env.PORTAL_DIR}/secrets/sms_inbound_token`, 'utf8').trim();
  const bad = await fetch(`${process.env.PORTAL_URL}/riverside/hooks/sms-inbound?token=wrong-token-wrong-token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'From=%2B15552017781&Body=STOP',
  });
  assert.equal(bad.status, 404);
  const stop = await fetch(`${process.env.PORTAL_URL}/riverside/hooks/sms-inbound?token=${token}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'From=%2B15552017781&Body=Stop',
  });
  assert.equal(stop.status, 200);
  assert.equal(sqlValue(`SELECT sms_opt_out_at IS NOT NULL FROM notification_prefs WHERE user_id = ${uid}`), '1');
  thread = await nurse.get(`/riverside/staff/messages/${tid}`);
  mark = Number(sqlValue('SELECT COALESCE(MAX(id), 0) FROM outbox'));
  await nurse.post(`/riverside/staff/messages/${tid}/reply`, { csrf_token: csrfFrom(thread.text), idem: idemOf(thread.text), body: 'One more thing.' });
  assert.equal(sqlValue(`SELECT COUNT(*) FROM outbox WHERE id > ${mark}`), '0', 'no text after STOP');
  page = await james.get('/riverside/account/notifications');
  assert.ok(page.text.includes('You replied STOP'));
  // Quiet hours (in the clinic's time) hold a notification until they end.
  const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
  const hh = (h) => `${String(h % 24).padStart(2, '0')}:00`;
  await james.post('/riverside/account/notifications', { csrf_token: csrfFrom(page.text), channel: 'email', sms_phone: '', quiet_start: hh(hour), quiet_end: hh(hour + 2) });
  thread = await nurse.get(`/riverside/staff/messages/${tid}`);
  mark = Number(sqlValue('SELECT COALESCE(MAX(id), 0) FROM outbox'));
  await nurse.post(`/riverside/staff/messages/${tid}/reply`, { csrf_token: csrfFrom(thread.text), idem: idemOf(thread.text), body: 'Quiet now.' });
  const [[channel, minutes]] = sql(`SELECT channel, TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), due_at) FROM outbox WHERE id > ${mark}`);
  assert.equal(channel, 'email');
  assert.ok(Number(minutes) >= 60 && Number(minutes) <= 120, `held until the quiet hours end (${minutes} min)`);
  await james.post('/riverside/account/notifications', { csrf_token: csrfFrom(page.text), channel: 'email', sms_phone: '', quiet_start: '', quiet_end: '' });
});
