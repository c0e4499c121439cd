// Enrolment: staff issue a code, the patient activates with code + birth
// date, chooses email and password, and signs in. Wrong, expired, reused and
// revoked codes, wrong birth dates and weak passwords are refused.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, signedIn, h1, csrfFrom, sqlValue, lastAuditId, auditSince, patientId, setClock, resetClock,
} from './lib.mjs';

after(resetClock);

let mrnCounter = 0;

// Registers a fresh patient through the staff pages and issues a code.
async function newPatientWithCode({ lang = 'en', dob = '1985-05-17' } = {}) {
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  mrnCounter += 1;
  const mrn = `T${process.pid}${mrnCounter}`;
  const reg = await nurse.submit('/riverside/staff/patients/new', '/riverside/staff/patients', {
    first_name: 'Test', last_name: `Patient${mrnCounter}`, dob, sex: 'female', lang, mrn, phone: '', email: '',
  });
  assert.equal(reg.status, 303, `registration: ${h1(reg.text)}`);
  const chart = await nurse.get(reg.location);
  assert.equal(chart.status, 200);
  const id = reg.location.match(/patients\/(\d+)/)[1];
  const letter = await nurse.post(`/riverside/staff/patients/${id}/activation-code`, { csrf_token: csrfFrom(chart.text) });
  assert.equal(letter.status, 200);
  const code = letter.text.match(/id="activation-code">([^<]+)</)[1];
  assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  return { nurse, id, mrn, code, dob, letter: letter.text, chartText: chart.text };
}

function activate(client, fields) {
  return client.submit('/riverside/activate', '/riverside/activate', {
    password: 'river stones and morning tea', password2: 'river stones and morning tea', ...fields,
  });
}

const REFUSED = 'do not match a valid code';

test('the code is stored only as an HMAC and the letter is in the patient\'s language', async () => {
  const p = await newPatientWithCode({ lang: 'es' });
  const plain = p.code.replace(/-/g, '');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM activation_codes WHERE code_hash = UNHEX(SHA2('${plain}', 256)) OR HEX(code_hash) LIKE '%${plain}%'`), '0');
  assert.equal(sqlValue(`SELECT COUNT(*) FROM activation_codes WHERE patient_id = ${p.id} AND used_at IS NULL AND revoked_at IS NULL`), '1');
  assert.match(p.letter, /<article class="letter" lang="es"/);
  assert.ok(p.letter.includes('Su código de activación'));
  assert.ok(p.letter.includes('/riverside/activate?lang=es'));
  // 30 days of validity, as configured.
  const days = sqlValue(`SELECT TIMESTAMPDIFF(DAY, issued_at, expires_at) FROM activation_codes WHERE patient_id = ${p.id}`);
  assert.equal(days, '30');
});

test('activation with the right code and birth date creates the account; the patient signs in', async () => {
  const p = await newPatientWithCode();
  const c = new Client();
  const email = `act${process.pid}@example.org`;
  const before = lastAuditId();
  // Lower case and without dashes works too.
  const res = await activate(c, { code: p.code.toLowerCase().replace(/-/g, ''), dob: p.dob, email });
  assert.equal(res.status, 303, h1(res.text));
  assert.equal(res.location, '/riverside/login?activated=1&lang=en');
  assert.ok(auditSince(before).some((r) => r.action === 'activation.success' && r.patient === p.id));
  const login = await c.get(res.location);
  assert.ok(login.text.includes('Your account is ready'));
  const signed = await c.signIn('riverside', email, 'river stones and morning tea');
  assert.equal(signed.location, '/riverside/home');
  const home = await c.get('/riverside/home');
  assert.equal(h1(home.text), 'Hello, Test');
  // The chart now shows an active account.
  const chart = await p.nurse.get(`/riverside/staff/patients/${p.id}`);
  assert.ok(chart.text.includes(`Active account: ${email}`));
});

test('a reused code is refused', async () => {
  const p = await newPatientWithCode();
  const c = new Client();
  assert.equal((await activate(c, { code: p.code, dob: p.dob, email: `reuse1${process.pid}@example.org` })).status, 303);
  const before = lastAuditId();
  const again = await activate(new Client(), { code: p.code, dob: p.dob, email: `reuse2${process.pid}@example.org` });
  assert.equal(again.status, 200);
  assert.ok(again.text.includes(REFUSED));
  assert.ok(auditSince(before).some((r) => r.action === 'activation.reused_code'));
});

test('a wrong code is refused with the same message', async () => {
  const before = lastAuditId();
  const res = await activate(new Client(), { code: 'ABCD-EFGH-JKMN', dob: '1985-05-17', email: 'x@example.org' });
  assert.equal(res.status, 200);
  assert.ok(res.text.includes(REFUSED));
  assert.ok(auditSince(before).some((r) => r.action === 'activation.unknown_code'));
  const short = await activate(new Client(), { code: 'ABC', dob: '1985-05-17', email: 'x@example.org' });
  assert.ok(short.text.includes(REFUSED));
});

test('a wrong birth date is refused, and five of them spend the code', async () => {
  const p = await newPatientWithCode();
  const before = lastAuditId();
  for (let i = 0; i < 5; i++) {
    const res = await activate(new Client(), { code: p.code, dob: '1985-05-18', email: `dob${process.pid}@example.org` });
    assert.ok(res.text.includes(REFUSED), `attempt ${i + 1}`);
  }
  assert.equal(auditSince(before).filter((r) => r.action === 'activation.wrong_birth_date').length, 5);
  const right = await activate(new Client(), { code: p.code, dob: p.dob, email: `dob${process.pid}@example.org` });
  assert.equal(right.status, 200, 'the right birth date no longer helps');
  assert.ok(right.text.includes(REFUSED));
  assert.ok(auditSince(before).some((r) => r.action === 'activation.code_locked'));
});

test('an expired code is refused (after 30 days)', async () => {
  const p = await newPatientWithCode();
  try {
    setClock(30 * 86400 + 60);
    const before = lastAuditId();
    const res = await activate(new Client(), { code: p.code, dob: p.dob, email: `exp${process.pid}@example.org` });
    assert.ok(res.text.includes(REFUSED));
    assert.ok(auditSince(before).some((r) => r.action === 'activation.expired_code'));
    setClock(29 * 86400);
    const ok = await activate(new Client(), { code: p.code, dob: p.dob, email: `exp${process.pid}@example.org` });
    assert.equal(ok.status, 303, 'still valid on day 29');
  } finally {
    resetClock();
  }
});

test('issuing a new code revokes the unused one', async () => {
  const p = await newPatientWithCode();
  const chart = await p.nurse.get(`/riverside/staff/patients/${p.id}`);
  assert.ok(chart.text.includes('Activation code issued, valid until'));
  const second = await p.nurse.post(`/riverside/staff/patients/${p.id}/activation-code`, { csrf_token: csrfFrom(chart.text) });
  const code2 = second.text.match(/id="activation-code">([^<]+)</)[1];
  assert.notEqual(code2, p.code);
  const old = await activate(new Client(), { code: p.code, dob: p.dob, email: `rev${process.pid}@example.org` });
  assert.ok(old.text.includes(REFUSED));
  const fresh = await activate(new Client(), { code: code2, dob: p.dob, email: `rev${process.pid}@example.org` });
  assert.equal(fresh.status, 303);
});

test('password rules: 12 to 128 characters, not common, not the email, typed twice', async () => {
  const p = await newPatientWithCode();
  const email = `pw${process.pid}@example.org`;
  const cases = [
    ['short-pass1', 'The password must have at least 12 characters.'],
    ['a'.repeat(129), 'The password can have at most 128 characters.'],
    ['password1234', 'too common'],
    ['qwertyuiop123', 'too common'],
    ['123456789012', 'too common'],
    [email, 'must not be your email address'],
  ];
  for (const [pw, msg] of cases) {
    const res = await activate(new Client(), { code: p.code, dob: p.dob, email, password: pw, password2: pw });
    assert.equal(res.status, 200, pw);
    assert.ok(res.text.includes(msg), `${pw}: expected "${msg}"`);
  }
  const mismatch = await activate(new Client(), {
    code: p.code, dob: p.dob, email, password: 'river stones and morning tea', password2: 'river stones and evening tea',
  });
  assert.ok(mismatch.text.includes('The two passwords are not the same.'));
  // None of these spent the code.
  const ok = await activate(new Client(), { code: p.code, dob: p.dob, email });
  assert.equal(ok.status, 303);
  const stored = sqlValue(`SELECT password_hash FROM users WHERE email = '${email}'`);
  assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
});

test('the form keeps what was typed (except passwords) and marks the bad fields', async () => {
  const res = await activate(new Client(), { code: 'WXYZ-2345-6789', dob: '1985-02-30', email: 'not-an-email', password: 'x', password2: 'x' });
  assert.equal(res.status, 200);
  assert.ok(res.text.includes('value="WXYZ-2345-6789"'));
  assert.ok(res.text.includes('value="not-an-email"'));
  assert.match(res.text, /id="dob"[^>]*aria-invalid="true"/);
  assert.match(res.text, /id="email"[^>]*aria-invalid="true"/);
  assert.ok(!/type="password"[^>]*value=/.test(res.text), 'passwords are never echoed');
  assert.ok(res.text.includes('Enter your date of birth as year-month-day'));
});

test('an email already used at the clinic is refused', async () => {
  const p = await newPatientWithCode();
  const res = await activate(new Client(), { code: p.code, dob: p.dob, email: 'james@riverside.example' });
  assert.ok(res.text.includes('already used by another account'));
});

test('a new code for a patient with an account resets the password and ends old sessions', async () => {
  const p = await newPatientWithCode();
  const email = `reset${process.pid}@example.org`;
  assert.equal((await activate(new Client(), { code: p.code, dob: p.dob, email })).status, 303);
  const old = await signedIn('riverside', email, 'river stones and morning tea');
  const chart = await p.nurse.get(`/riverside/staff/patients/${p.id}`);
  const letter = await p.nurse.post(`/riverside/staff/patients/${p.id}/activation-code`, { csrf_token: csrfFrom(chart.text) });
  const code = letter.text.match(/id="activation-code">([^<]+)</)[1];
  const before = lastAuditId();
  const res = await activate(new Client(), {
    code, dob: p.dob, email, password: 'a brand new garden path', password2: 'a brand new garden path',
  });
  assert.equal(res.status, 303);
  assert.ok(auditSince(before).some((r) => r.action === 'activation.password_reset'));
  assert.equal((await old.get('/riverside/home')).status, 303, 'the old session ended');
  assert.equal((await new Client().signIn('riverside', email, 'river stones and morning tea')).status, 200, 'old password refused');
  assert.equal((await new Client().signIn('riverside', email, 'a brand new garden path')).status, 303);
});

test('portalctl activation-code issues a working code too', async () => {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync(`${process.env.PORTAL_ROOT}/cgi-bin/portalctl`, ['activation-code', '--clinic', 'riverside', '--mrn', 'R101377'], {
    cwd: process.env.PORTAL_ROOT, encoding: 'utf8', env: { ...process.env },
  });
  const code = out.split('\n')[0];
  assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  const res = await activate(new Client(), { code, dob: '2001-09-14', email: `ctl${process.pid}@example.org` });
  assert.equal(res.status, 303);
  assert.ok(patientId('riverside', 'R101377') > 0);
});
