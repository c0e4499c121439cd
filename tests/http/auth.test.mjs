// Sign-in, sign-out, lockout, session timeouts and CSRF, against the real
// stack. Lockout and timeouts move the portal's test clock instead of
// sleeping.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, signedIn, getPage, h1, csrfFrom, sql, sqlValue, lastAuditId, auditSince, setClock, resetClock,
  DEMO_PASSWORD, freshStaff,
} from './lib.mjs';

after(resetClock);

test('sign-in with the demo password lands a patient on home and staff on the staff page', async () => {
  const patient = new Client();
  let res = await patient.signIn('riverside', 'james@riverside.example');
  assert.equal(res.status, 303);
  assert.equal(res.location, '/riverside/home');
  assert.ok(patient.cookies.get('__Host-portal-riverside'), 'session cookie set');
  await getPage(patient, '/riverside/home', 'Hello, James');

  const staff = new Client();
  res = await staff.signIn('riverside', 'nurse@riverside.example');
  assert.equal(res.location, '/riverside/staff');
});

test('the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ and rotated at sign-in', async () => {
  const c = new Client();
  const page = await c.get('/riverside/login');
  const token = csrfFrom(page.text);
  // A planted session value must not survive sign-in (fixation).
  c.cookies.set('__Host-portal-riverside', 'A'.repeat(43));
  const res = await fetch(`${process.env.PORTAL_URL}/riverside/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: c.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: token, username: 'james@riverside.example', password: DEMO_PASSWORD }),
  });
  const set = res.headers.getSetCookie().find((l) => l.startsWith('__Host-portal-riverside=') && !/Max-Age=0/.test(l));
  assert.ok(set, 'a new session cookie');
  assert.match(set, /; Path=\//);
  assert.match(set, /; Secure/);
  assert.match(set, /; HttpOnly/);
  assert.match(set, /; SameSite=Lax/);
  assert.doesNotMatch(set, /Domain=/i);
  const value = set.split(';')[0].split('=')[1];
  assert.notEqual(value, 'A'.repeat(43));
  assert.equal(value.length, 43, '256 bits, base64url');
  // Only the hash is stored.
  const stored = sqlValue(`SELECT COUNT(*) FROM sessions WHERE token_hash = UNHEX(SHA2('${value}', 256))`);
  assert.equal(stored, '1');
  const plain = sqlValue(`SELECT COUNT(*) FROM sessions WHERE token_hash = '${value}'`);
  assert.equal(plain, '0');
});

test('a wrong password and an unknown account get the same message, and both are audited', async () => {
  const before = lastAuditId();
  const c = new Client();
  const wrong = await c.signIn('riverside', 'james@riverside.example', 'not-the-password-at-all');
  const unknown = await c.signIn('riverside', 'nobody-here@riverside.example', 'not-the-password-at-all');
  assert.equal(wrong.status, 200);
  assert.equal(unknown.status, 200);
  const msg = 'The email or password is not correct. Please try again.';
  assert.ok(wrong.text.includes(msg));
  assert.ok(unknown.text.includes(msg));
  assert.ok(!c.cookies.has('__Host-portal-riverside'));
  const rows = auditSince(before).filter((r) => r.action === 'signin.failure');
  assert.equal(rows.length, 2);
  assert.ok(rows.every((r) => r.outcome === 'failure'));
});

test('an empty form asks for both fields', async () => {
  const c = new Client();
  const res = await c.signIn('riverside', '', '');
  assert.equal(res.status, 200);
  assert.ok(res.text.includes('Enter your email and your password.'));
});

test('ten failures in 15 minutes lock the account for 15 minutes, existing or not', async () => {
  const real = freshStaff();
  try {
    for (const user of [real.email, `ghost${process.pid}@riverside.example`]) {
      const c = new Client();
      for (let i = 0; i < 10; i++) {
        const res = await c.signIn('riverside', user, `wrong-password-${i}-xx`);
        assert.ok(res.text.includes('not correct'), `attempt ${i + 1}`);
      }
      const before = lastAuditId();
      const locked = await c.signIn('riverside', user, user === real.email ? real.password : 'whatever-password');
      assert.equal(locked.status, 200, 'the right password is refused while locked');
      assert.ok(locked.text.includes('signing in is paused for 15 minutes'), 'locked message');
      assert.ok(!c.cookies.has('__Host-portal-riverside'));
      assert.deepEqual(auditSince(before).map((r) => [r.action, r.outcome]), [['signin.locked', 'denied']]);
    }
    // Refused attempts do not extend the lock; still locked after 14 minutes...
    setClock(14 * 60);
    let res = await new Client().signIn('riverside', real.email, real.password);
    assert.ok(res.text.includes('paused'), 'still locked at 14 minutes');
    // ...and open again once the failures are older than 15 minutes.
    setClock(16 * 60);
    res = await new Client().signIn('riverside', real.email, real.password);
    assert.equal(res.status, 303, 'unlocked after 15 minutes');
  } finally {
    resetClock();
  }
});

test('a success resets the count of failures', async () => {
  const acct = freshStaff();
  const c = new Client();
  for (let i = 0; i < 9; i++) await c.signIn('riverside', acct.email, `bad-password-${i}-abc`);
  assert.equal((await c.signIn('riverside', acct.email, acct.password)).status, 303);
  const d = new Client();
  for (let i = 0; i < 9; i++) await d.signIn('riverside', acct.email, `bad-password-${i}-def`);
  assert.equal((await d.signIn('riverside', acct.email, acct.password)).status, 303, 'not locked: 9 since the success');
  const e = new Client();
  await e.signIn('riverside', acct.email, 'bad-password-final');
  const locked = await e.signIn('riverside', acct.email, acct.password);
  assert.equal(locked.status, 303, 'one failure after a success is far from the limit');
});

test('sign-out deletes the session: the old cookie is worthless afterwards', async () => {
  const c = await signedIn('riverside', 'james@riverside.example');
  const cookie = c.cookies.get('__Host-portal-riverside');
  const home = await c.get('/riverside/home');
  const before = lastAuditId();
  const out = await c.post('/riverside/logout', { csrf_token: csrfFrom(home.text) });
  assert.equal(out.status, 303);
  assert.match(out.location, /^\/riverside\/login\?signed_out=1/);
  assert.deepEqual(auditSince(before).map((r) => r.action), ['signout']);
  assert.equal(sqlValue(`SELECT COUNT(*) FROM sessions WHERE token_hash = UNHEX(SHA2('${cookie}', 256))`), '0');
  // Replay the old cookie.
  const replay = new Client();
  replay.cookies.set('__Host-portal-riverside', cookie);
  const res = await replay.get('/riverside/home');
  assert.equal(res.status, 303);
  assert.match(res.location, /^\/riverside\/login/);
  const page = await c.get(out.location);
  assert.ok(page.text.includes('You have signed out.'));
});

test('sign-out without a CSRF token is refused and the session lives on', async () => {
  const c = await signedIn('riverside', 'james@riverside.example');
  const res = await c.post('/riverside/logout', {});
  assert.equal(res.status, 403);
  assert.equal(h1(res.text), 'This form has expired');
  assert.equal((await c.get('/riverside/home')).status, 200);
});

test('CSRF: a missing or wrong token on sign-in and activation gets the 403 page and changes nothing', async () => {
  const c = new Client();
  await c.get('/riverside/login');
  const attemptsBefore = sqlValue('SELECT COUNT(*) FROM sign_in_attempts');
  for (const token of [undefined, 'x'.repeat(43), '']) {
    const body = { username: 'james@riverside.example', password: DEMO_PASSWORD };
    if (token !== undefined) body.csrf_token = token;
    const res = await c.post('/riverside/login', body);
    assert.equal(res.status, 403);
    assert.ok(!c.cookies.has('__Host-portal-riverside'));
  }
  assert.equal(sqlValue('SELECT COUNT(*) FROM sign_in_attempts'), attemptsBefore, 'no attempt was even recorded');
  // A token from another browser's pre-session is not valid here.
  const other = new Client();
  const otherToken = csrfFrom((await other.get('/riverside/login')).text);
  const res = await c.post('/riverside/login', { csrf_token: otherToken, username: 'james@riverside.example', password: DEMO_PASSWORD });
  assert.equal(res.status, 403);
  const act = await c.post('/riverside/activate', { csrf_token: 'nope', code: 'AAAA-BBBB-CCCC' });
  assert.equal(act.status, 403);
});

test('idle timeout: 15 minutes without a request ends the session', async () => {
  try {
    const c = await signedIn('riverside', 'james@riverside.example');
    const cookie = c.cookies.get('__Host-portal-riverside');
    setClock(14 * 60);
    assert.equal((await c.get('/riverside/home')).status, 200, 'active at 14 minutes');
    // The request at 14 minutes counted as activity.
    setClock(28 * 60);
    assert.equal((await c.get('/riverside/home')).status, 200, '14 minutes after the last request');
    const before = lastAuditId();
    setClock(44 * 60);
    const res = await c.get('/riverside/home');
    assert.equal(res.status, 303);
    assert.match(res.location, /\/riverside\/login\?.*timeout=1/);
    assert.ok(auditSince(before).some((r) => r.action === 'session.idle_timeout'));
    assert.equal(sqlValue(`SELECT COUNT(*) FROM sessions WHERE token_hash = UNHEX(SHA2('${cookie}', 256))`), '0');
    const login = await c.get(res.location);
    assert.ok(login.text.includes('You were signed out because you were inactive'));
  } finally {
    resetClock();
  }
});

test('idle timeout follows the clinic setting (valle: 20 minutes)', async () => {
  try {
    const c = await signedIn('valle', 'rosa@valle.example');
    setClock(19 * 60);
    assert.equal((await c.get('/valle/home')).status, 200);
    setClock(19 * 60 + 20 * 60 + 5);
    assert.equal((await c.get('/valle/home')).status, 303);
  } finally {
    resetClock();
  }
});

test('absolute lifetime: a session ends after 12 hours even when in use', async () => {
  try {
    const c = await signedIn('riverside', 'james@riverside.example');
    for (let m = 10; m < 12 * 60; m += 10) {
      setClock(m * 60);
      const res = await c.get('/riverside/home');
      if (res.status !== 200) assert.fail(`ended early at ${m} minutes`);
    }
    setClock(12 * 3600 + 60);
    const res = await c.get('/riverside/home');
    assert.equal(res.status, 303);
  } finally {
    resetClock();
  }
});

test('pages that need a session send the browser to sign in, and back afterwards', async () => {
  const c = new Client();
  const res = await c.get('/riverside/staff/patients/1');
  assert.equal(res.status, 303);
  assert.match(res.location, /^\/riverside\/login\?lang=en&next=\/riverside\/staff\/patients\/1$/);
  const login = await c.get(res.location);
  const token = csrfFrom(login.text);
  assert.match(login.text, /name="next" value="\/riverside\/staff\/patients\/1"/);
  const signed = await c.post('/riverside/login?lang=en', {
    csrf_token: token, username: 'nurse@riverside.example', password: DEMO_PASSWORD, next: '/riverside/staff/patients/1',
  });
  assert.equal(signed.location, '/riverside/staff/patients/1');
  // An outside address in next is ignored (no open redirect).
  const d = new Client();
  const t2 = csrfFrom((await d.get('/riverside/login')).text);
  const evil = await d.post('/riverside/login', {
    csrf_token: t2, username: 'james@riverside.example', password: DEMO_PASSWORD, next: '//evil.example/x',
  });
  assert.equal(evil.location, '/riverside/home');
});

test('no password, token or code ever appears in the database in the clear', async () => {
  const hashes = sql("SELECT password_hash FROM users WHERE email LIKE '%@riverside.example'");
  assert.ok(hashes.length > 0);
  for (const [h] of hashes) assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
});
