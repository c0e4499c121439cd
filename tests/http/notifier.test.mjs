// The notifier (cgi-bin/notifier, kept running by the stack under
// scripts/supervise) against an SMTP server and an SMS gateway of the
// test's own on 127.0.0.1 (the ports scripts/stack --test wrote into the
// stack's portal.yaml). Rows are put in the outbox directly, so this file
// needs no messaging page: what is tested is what happens to a row.
// Every row made here ends sent or failed, and the clock is put back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';
import { sql, sqlValue, setClock, resetClock } from './lib.mjs';

const SMTP_PORT = Number(process.env.PORTAL_SMTP_PORT || 18085);
const SMS_PORT = Number(process.env.PORTAL_SMS_PORT || 18086);
const ROOT = process.env.PORTAL_ROOT;
const CONFIG = process.env.PORTAL_CONFIG;
const PUBLIC = process.env.PORTAL_URL || 'http://127.0.0.1:18080';
const MAX_ATTEMPTS = 5; // notifications.max_attempts of the test stack
const FROM = 'Riverside Portal <no-reply@portal.test>';
// Words of the demo charts that must never reach a notification.
const CHART_WORDS = /metformin|lisinopril|atorvastatin|a1c|glucose|cholesterol|diabetes|hypertension|blood pressure|diagnos/i;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn every 100 ms until it answers something truthy.
async function until(what, fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

// ------------------------------------------------------------ texts
// The notify block of templates/lang/<lang>.hdf: the texts are checked
// against the translation files, whatever their wording.
function hdf(lang) {
  const out = {};
  const path = [];
  for (const raw of readFileSync(`${ROOT}/templates/lang/${lang}.hdf`, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let m;
    if ((m = line.match(/^([\w.]+)\s*\{$/))) path.push(m[1]);
    else if (line === '}') path.pop();
    else if ((m = line.match(/^([\w.]+)\s*=\s*(.*)$/))) out[[...path, m[1]].join('.')] = m[2];
  }
  return out;
}
const TEXTS = { en: hdf('en'), es: hdf('es') };
const CLINICS = { riverside: 'Riverside Community Health Center', valle: 'Clínica del Valle' };

function fill(text, clinic, link) {
  return text.replaceAll('{clinic}', CLINICS[clinic]).replaceAll('{link}', link);
}

function expectedEmail(lang, clinic, link, template = 'new_message') {
  const t = TEXTS[lang];
  return {
    subject: fill(t[`notify.${template}.subject`], clinic, link),
    body: `${fill(t[`notify.${template}.body`], clinic, link)}\r\n\r\n${t['notify.footer']}\r\n`,
  };
}

function expectedSms(lang, clinic, link, template = 'new_message') {
  const t = TEXTS[lang];
  return `${fill(t[`notify.${template}.sms`], clinic, link)} ${t['notify.sms_stop']}`;
}

// ---------------------------------------------------- mail, decoded
function decodeQuotedPrintable(s) {
  const t = s.replace(/=\r\n/g, '');
  const bytes = [];
  for (let i = 0; i < t.length; i++) {
    const hex = t.slice(i + 1, i + 3);
    if (t[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(t.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

// RFC 2047: adjacent encoded words join without the space between them.
function decodeWords(s) {
  const parts = [];
  const text = s.replace(/\?=\s+=\?/g, '?==?');
  let last = 0;
  for (const m of text.matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi)) {
    parts.push(Buffer.from(text.slice(last, m.index)), Buffer.from(m[1], 'base64'));
    last = m.index + m[0].length;
  }
  parts.push(Buffer.from(text.slice(last)));
  return Buffer.concat(parts).toString('utf8');
}

function parseMail(raw, envelope) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    raw,
    head,
    headers,
    subject: decodeWords(headers.subject || ''),
    body: decodeQuotedPrintable(raw.slice(split + 4)),
    from: envelope.mailFrom.address,
    to: envelope.rcptTo.map((r) => r.address),
  };
}

// ----------------------------------------------------------- servers
// Recipients starting with "reject-" are refused at RCPT; "stall-" ones
// get no answer after DATA while stalling is on (a send cut off in the
// middle); "slow-" ones are answered after slowMs.
class Mailbox {
  constructor() {
    this.messages = [];
    this.stalled = [];
    this.stalling = true;
    this.slowMs = 300;
    this.server = null;
  }

  start() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 200,
      onRcptTo: (address, session, cb) => {
        if (address.address.startsWith('reject-')) {
          const err = new Error('5.1.1 Mailbox unavailable');
          err.responseCode = 550;
          return cb(err);
        }
        return cb();
      },
      onData: (stream, session, cb) => {
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => {
          const mail = parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope);
          if (this.stalling && mail.to.some((a) => a.startsWith('stall-'))) {
            this.stalled.push(mail);
            return; // no answer: the sender waits for one
          }
          const delay = mail.to.some((a) => a.startsWith('slow-')) ? this.slowMs : 0;
          setTimeout(() => {
            this.messages.push(mail);
            cb();
          }, delay);
        });
      },
    });
    return new Promise((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(SMTP_PORT, '127.0.0.1', resolve);
    });
  }

  stop() {
    const server = this.server;
    this.server = null;
    return server ? new Promise((resolve) => server.close(resolve)) : Promise.resolve();
  }

  to(address) {
    return this.messages.filter((m) => m.to.includes(address));
  }
}

// An SMS gateway answering like Twilio: 201 and JSON with a "sid".
class Gateway {
  constructor() {
    this.requests = [];
    this.status = 201;
    this.server = null;
  }

  start() {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        const sid = `SM${String(this.requests.length + 1).padStart(32, '0')}`;
        if (this.status >= 200 && this.status < 300) {
          this.requests.push({
            method: req.method,
            url: req.url,
            contentType: req.headers['content-type'],
            authorization: req.headers.authorization,
            fields: Object.fromEntries(new URLSearchParams(body)),
            sid,
          });
        }
        res.writeHead(this.status, { 'content-type': 'application/json' });
        res.end(this.status < 300 ? JSON.stringify({ sid, status: 'queued' }) : '{"message":"try later"}');
      });
    });
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(SMS_PORT, '127.0.0.1', resolve);
    });
  }

  stop() {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  }

  to(number) {
    return this.requests.filter((r) => r.fields.To === number);
  }
}

const mailbox = new Mailbox();
const gateway = new Gateway();

// --------------------------------------------------------------- rows
const clinicIds = {
  riverside: Number(sqlValue("SELECT id FROM clinics WHERE slug = 'riverside'")),
  valle: Number(sqlValue("SELECT id FROM clinics WHERE slug = 'valle'")),
};
const MSGID_HOST = new URL(PUBLIC).hostname;
let serial = 0;

// A unique recipient per row: what arrives is matched to its row.
function recipient(kind = 'n', channel = 'email') {
  serial += 1;
  if (channel === 'sms') return `+1555${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(4, '0')}`;
  return `${kind}-${process.pid}-${serial}@example.org`;
}

function q(s) {
  return s === null ? 'NULL' : `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

// Queues rows as the library's notify_* do; returns their ids in order.
function enqueue(rows) {
  const values = rows.map(({
    clinic = 'riverside', clinicId, channel = 'email', to, template = 'new_message', lang = 'en', link,
  }) => {
    const id = clinicId ?? clinicIds[clinic];
    const href = link === undefined ? `${PUBLIC}/${clinic}/messages/${serial}` : link;
    return `(${id}, NULL, ${q(channel)}, ${q(to)}, ${q(template)}, ${q(lang)}, ${q(href)}, UTC_TIMESTAMP(), 'pending', UTC_TIMESTAMP())`;
  });
  const [[first]] = sql(`INSERT INTO outbox (clinic_id, patient_id, channel, recipient, template, lang, link, due_at, status, created_at) VALUES ${values.join(', ')}; SELECT LAST_INSERT_ID()`);
  return rows.map((_, i) => Number(first) + i);
}

function row(id) {
  const [r] = sql(`SELECT status, attempts, interrupted_attempts, last_error, transport_id, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), due_at), claimed_by, link, clinic_id FROM outbox WHERE id = ${Number(id)}`);
  const [status, attempts, interrupted, lastError, transportId, dueIn, claimedBy, link, clinicId] = r;
  return {
    status, attempts: Number(attempts), interrupted: Number(interrupted), lastError, transportId,
    dueIn: Number(dueIn), claimedBy, link, clinicId: Number(clinicId),
  };
}

const settled = (id) => ['sent', 'failed', 'cancelled'].includes(row(id).status) && row(id);
const sentRow = (id) => until(`outbox ${id} sent`, () => row(id).status === 'sent' && row(id));

// ---------------------------------------------------------- processes
// The notifiers of this stack: the processes running cgi-bin/notifier
// with this stack's PORTAL_CONFIG.
function notifierPids() {
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv0 = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0')[0];
      if (!argv0.endsWith('cgi-bin/notifier')) continue;
      const env = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (env.includes(`PORTAL_CONFIG=${CONFIG}`)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids.sort((a, b) => a - b);
}

// A second notifier of the same stack, started by the test.
function startSecondNotifier() {
  const child = spawn(`${ROOT}/cgi-bin/notifier`, [], {
    cwd: ROOT, env: { ...process.env, PORTAL_CONFIG: CONFIG }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { child.log += d; });
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return child;
}

let second = null;

async function stopSecond(signal = 'SIGTERM') {
  if (!second) return null;
  const child = second;
  second = null;
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
  const status = await child.exited;
  clearTimeout(timer);
  return { ...status, log: child.log };
}

before(async () => {
  resetClock();
  await mailbox.start();
  await gateway.start();
  await until('the stack\'s notifier', () => notifierPids().length === 1);
});

after(async () => {
  resetClock();
  await stopSecond('SIGKILL');
  await mailbox.stop();
  await gateway.stop();
});

// -------------------------------------------------------------- tests

test('an email goes out with its headers, the link and a Message-ID made from the row', async () => {
  const to = recipient();
  const link = `${PUBLIC}/riverside/messages/42`;
  const [id] = enqueue([{ to, link }]);
  const r = await sentRow(id);
  assert.equal(r.attempts, 1);
  assert.equal(r.lastError, null);
  const mails = mailbox.to(to);
  assert.equal(mails.length, 1, 'delivered once');
  const [mail] = mails;
  const msgid = `<outbox-${id}.${clinicIds.riverside}@${MSGID_HOST}>`;
  assert.equal(mail.headers['message-id'], msgid);
  assert.equal(r.transportId, msgid, 'the Message-ID is recorded');
  assert.equal(mail.from, 'no-reply@portal.test', 'envelope sender');
  assert.equal(mail.headers.from, FROM);
  assert.equal(mail.headers.to, to);
  assert.equal(mail.headers['mime-version'], '1.0');
  assert.match(mail.headers['content-type'], /^text\/plain; charset=UTF-8$/i);
  assert.match(mail.headers['content-transfer-encoding'], /^(quoted-printable|8bit)$/i);
  const date = Date.parse(mail.headers.date);
  assert.ok(Math.abs(date - Date.now()) < 60000, `a current Date header (${mail.headers.date})`);
  const want = expectedEmail('en', 'riverside', link);
  assert.equal(mail.subject, want.subject);
  assert.equal(mail.body, want.body, 'exactly the translated text, the clinic and the link');
  assert.ok(mail.body.includes(link));
  assert.ok(mail.body.includes('Riverside Community Health Center'));
  // Lines of a message: CRLF, at most 998 octets (78 is the rule for headers).
  for (const line of mail.raw.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 998, 'line length');
  assert.doesNotMatch(mail.raw, /[^\r]\n/, 'CRLF line ends');
});

test('Spanish: the texts of es.hdf, a UTF-8 subject encoded for the header', async () => {
  const to = recipient();
  const link = `${PUBLIC}/valle/messages/7`;
  const [id] = enqueue([{ clinic: 'valle', to, lang: 'es', link }]);
  await sentRow(id);
  const [mail] = mailbox.to(to);
  assert.match(mail.headers.subject, /^=\?UTF-8\?[BQ]\?/i, 'RFC 2047 encoded');
  assert.match(mail.head, /^[\x20-\x7e\r\n\t]*$/, 'headers are ASCII');
  const want = expectedEmail('es', 'valle', link);
  assert.equal(mail.subject, want.subject);
  assert.equal(mail.subject, 'Mensaje nuevo de Clínica del Valle');
  assert.equal(mail.body, want.body);
  assert.ok(mail.body.startsWith('Tiene un mensaje nuevo de Clínica del Valle.'));
  assert.equal(mail.headers['message-id'], `<outbox-${id}.${clinicIds.valle}@${MSGID_HOST}>`);
});

test('an SMS is posted to the gateway: To, From, Body, basic auth; its sid is kept', async () => {
  const en = recipient('s', 'sms');
  const es = recipient('s', 'sms');
  const linkEn = `${PUBLIC}/riverside/messages/3`;
  const linkEs = `${PUBLIC}/valle/messages/4`;
  const [idEn, idEs] = enqueue([
    { channel: 'sms', to: en, link: linkEn },
    { channel: 'sms', clinic: 'valle', to: es, lang: 'es', link: linkEs },
  ]);
  const r = await sentRow(idEn);
  await sentRow(idEs);
  const [req] = gateway.to(en);
  assert.equal(gateway.to(en).length, 1);
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/sms');
  assert.match(req.contentType, /^application\/x-www-form-urlencoded/);
  assert.equal(req.authorization, `Basic ${Buffer.from('ACtest:test-token').toString('base64')}`);
  assert.equal(req.fields.To, en);
  assert.equal(req.fields.From, '+15550100000');
  assert.equal(req.fields.Body, expectedSms('en', 'riverside', linkEn));
  assert.ok(req.fields.Body.endsWith(TEXTS.en['notify.sms_stop']), 'how to stop texts');
  assert.equal(r.transportId, req.sid, "the gateway's id is recorded");
  const [reqEs] = gateway.to(es);
  assert.equal(reqEs.fields.Body, expectedSms('es', 'valle', linkEs));
  assert.ok(reqEs.fields.Body.includes('Clínica del Valle'));
});

test('a failed send is retried after a back-off, then delivered', async () => {
  await mailbox.stop();
  gateway.status = 503;
  try {
    const to = recipient();
    const phone = recipient('s', 'sms');
    const [mailId, smsId] = enqueue([{ to }, { channel: 'sms', to: phone }]);
    const m = await until('the first email attempt', () => {
      const r = row(mailId);
      return r.status === 'pending' && r.attempts === 1 && r;
    });
    assert.match(m.lastError, /^email: .*connect/i, `the transport's error is recorded (${m.lastError})`);
    assert.ok(m.dueIn >= 55 && m.dueIn <= 60, `retried in about a minute (${m.dueIn} s)`);
    const s = await until('the first SMS attempt', () => {
      const r = row(smsId);
      return r.status === 'pending' && r.attempts === 1 && r;
    });
    assert.match(s.lastError, /HTTP 503/);
    assert.ok(s.dueIn >= 55 && s.dueIn <= 60);

    // Back up, but not due yet: nothing happens.
    await mailbox.start();
    gateway.status = 201;
    await sleep(2500);
    assert.equal(row(mailId).attempts, 1, 'not retried before its time');
    assert.equal(mailbox.to(to).length, 0);

    setClock(Math.max(m.dueIn, s.dueIn) + 2);
    const sent = await sentRow(mailId);
    assert.equal(sent.attempts, 2);
    assert.match(sent.lastError, /connect/i, 'the earlier error stays on record');
    assert.equal((await sentRow(smsId)).attempts, 2);
    assert.equal(mailbox.to(to).length, 1);
    assert.equal(gateway.to(phone).length, 1);
  } finally {
    resetClock();
    gateway.status = 201;
    if (!mailbox.server) await mailbox.start();
  }
});

test(`after ${MAX_ATTEMPTS} attempts, 1, 2, 4, 8 minutes apart, a notification is failed`, async () => {
  const to = recipient('reject');
  const [id] = enqueue([{ to }]);
  let offset = 0;
  try {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const r = await until(`attempt ${attempt}`, () => {
        const x = row(id);
        return x.attempts === attempt && x.status !== 'sending' && x;
      });
      assert.match(r.lastError, /550/, `the server's refusal is recorded (${r.lastError})`);
      if (attempt === MAX_ATTEMPTS) {
        assert.equal(r.status, 'failed');
        break;
      }
      assert.equal(r.status, 'pending');
      const backoff = 60 * 2 ** (attempt - 1);
      // dueIn is counted from the real time; the portal's runs offset ahead.
      assert.ok(Math.abs(r.dueIn - offset - backoff) <= 3, `back-off ${r.dueIn - offset} s, expected ${backoff} s`);
      offset = r.dueIn + 1;
      setClock(offset);
    }
    await sleep(1500);
    assert.equal(row(id).status, 'failed', 'no more attempts');
    assert.equal(row(id).attempts, MAX_ATTEMPTS);
    assert.equal(mailbox.to(to).length, 0);
  } finally {
    resetClock();
  }
});

test('an unknown template or clinic fails at once with a reason; the notifier carries on', async () => {
  const pids = notifierPids();
  const [bad, gone, fine] = enqueue([
    { to: recipient(), template: 'no_such_template' },
    { to: recipient(), clinicId: 999999, link: `${PUBLIC}/nowhere/messages/1` },
    { to: recipient() },
  ]);
  const a = await until('the unknown template', () => settled(bad));
  assert.equal(a.status, 'failed');
  assert.equal(a.attempts, 1, 'no retries');
  assert.match(a.lastError, /unknown template 'no_such_template'/);
  const b = await until('the unknown clinic', () => settled(gone));
  assert.equal(b.status, 'failed');
  assert.match(b.lastError, /clinic 999999/);
  await sentRow(fine);
  assert.deepEqual(notifierPids(), pids, 'the same notifier process is still running');
});

test('a notifier killed mid-send: every row goes out once; the cut-off one is sent again and recorded', async () => {
  const [old] = notifierPids();
  assert.ok(old, 'the stack runs a notifier');
  const toBefore = recipient();
  const [before] = enqueue([{ to: toBefore }]);
  await sentRow(before);

  // The server takes the message and never answers: the notifier waits.
  mailbox.stalling = true;
  const toCut = recipient('stall');
  const [cut] = enqueue([{ to: toCut }]);
  await until('the send in progress', () => mailbox.stalled.some((m) => m.to.includes(toCut)));
  process.kill(old, 'SIGKILL');
  const fresh = await until('scripts/supervise to restart the notifier', () => {
    const pids = notifierPids();
    return pids.length === 1 && pids[0] !== old && pids[0];
  }, 15000);
  assert.ok(fresh);

  // A row another notifier left in 'sending' long ago, and new rows.
  const toAfter = recipient();
  const toOrphan = recipient();
  const [afterId] = enqueue([{ to: toAfter }]);
  const [[orphan]] = sql(`INSERT INTO outbox (clinic_id, channel, recipient, template, lang, link, due_at, status, attempts, claimed_by, claimed_until, created_at) VALUES (${clinicIds.riverside}, 'email', ${q(toOrphan)}, 'new_message', 'en', ${q(`${PUBLIC}/riverside/messages/9`)}, UTC_TIMESTAMP() - INTERVAL 6 MINUTE, 'sending', 1, 'gone.example:1:dead0000', UTC_TIMESTAMP() - INTERVAL 5 MINUTE, UTC_TIMESTAMP() - INTERVAL 6 MINUTE); SELECT LAST_INSERT_ID()`);
  await sentRow(afterId);
  const o = await sentRow(orphan);
  assert.equal(o.interrupted, 1, 'the interrupted attempt is recorded');
  assert.equal(o.attempts, 2);

  // The cut-off row is still claimed by the dead notifier: left alone until
  // its claim runs out (60 s; the clock is moved past it).
  assert.equal(row(cut).status, 'sending');
  mailbox.stalling = false;
  try {
    setClock(120);
    const c = await sentRow(cut);
    assert.equal(c.interrupted, 1);
    assert.equal(c.attempts, 2);
  } finally {
    resetClock();
  }
  for (const to of [toBefore, toCut, toAfter, toOrphan]) {
    assert.equal(mailbox.to(to).length, 1, `${to} got exactly one message`);
  }
  // The retry is the same message for the receiver: the same Message-ID.
  assert.equal(mailbox.to(toCut)[0].headers['message-id'], mailbox.stalled.find((m) => m.to.includes(toCut)).headers['message-id']);
});

test('two notifiers at once never send a row twice; SIGTERM ends one cleanly', async () => {
  second = startSecondNotifier();
  await until('the second notifier to start', () => second.log.includes('started'));
  const [supervised] = notifierPids().filter((p) => p !== second.pid);
  const tos = Array.from({ length: 30 }, () => recipient('slow'));
  const ids = enqueue(tos.map((to) => ({ to })));
  // Each send takes slowMs: the two notifiers' batches overlap. SIGTERM
  // in the middle of the second one's batch.
  const pid2 = second.pid;
  await until('the second notifier to be half-way through a batch', () => {
    const [[sending, sent]] = sql(`SELECT COALESCE(SUM(status = 'sending'), 0), COALESCE(SUM(status = 'sent'), 0) FROM outbox WHERE claimed_by LIKE '%:${pid2}:%' AND id IN (${ids.join(',')})`);
    return Number(sending) >= 2 && Number(sent) >= 1;
  }, 15000);
  const stopped = await stopSecond('SIGTERM');
  assert.equal(stopped.code, 0, `exit status 0 on SIGTERM (${JSON.stringify(stopped)})`);
  assert.match(stopped.log, /stopped/);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM outbox WHERE status = 'sending' AND claimed_by LIKE '%:${pid2}:%'`), '0',
    'the stopped notifier holds no row');
  await until('every row sent', () => ids.every((id) => row(id).status === 'sent'), 30000);
  for (const to of tos) assert.equal(mailbox.to(to).length, 1, `${to} got exactly one message`);
  const senders = sql(`SELECT DISTINCT SUBSTRING_INDEX(SUBSTRING_INDEX(claimed_by, ':', 2), ':', -1) FROM outbox WHERE id IN (${ids.join(',')})`).map(([p]) => Number(p));
  assert.ok(senders.includes(pid2) && senders.includes(supervised), `both notifiers sent some (${senders})`);
  // Rows handed back at SIGTERM were not tried: their attempt is not counted.
  assert.equal(sqlValue(`SELECT COUNT(*) FROM outbox WHERE id IN (${ids.join(',')}) AND (attempts <> 1 OR interrupted_attempts <> 0)`), '0');
});

test('no notification carries health information: only the clinic and a link', async () => {
  const mails = mailbox.messages;
  const texts = gateway.requests;
  assert.ok(mails.length >= 10 && texts.length >= 3, 'the tests above sent some');
  for (const m of mails) {
    const where = m.headers['message-id'];
    assert.doesNotMatch(m.subject + m.body, CHART_WORDS, `${where}: no chart words`);
    assert.ok(Object.values(CLINICS).some((c) => m.body.includes(c)), `${where}: the clinic`);
    const [, id] = where.match(/^<outbox-(\d+)\./);
    assert.ok(m.body.includes(row(id).link), `${where}: the link`);
  }
  for (const t of texts) {
    assert.doesNotMatch(t.fields.Body, CHART_WORDS);
    assert.ok(Object.values(CLINICS).some((c) => t.fields.Body.includes(c)));
    assert.ok(t.fields.Body.includes(`${PUBLIC}/`), 'a link to the portal');
  }
  assert.equal(sqlValue("SELECT COUNT(*) FROM outbox WHERE status = 'sending'"), '0', 'nothing left half-sent');
});
