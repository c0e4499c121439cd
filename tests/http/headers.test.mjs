// Security headers on every response, error pages included; no version in
// the Server header; no-store on signed-in pages; request limits answered
// with a clear 400/413 page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, signedIn, h1, assertSecurityHeaders, csrfFrom, BASE } from './lib.mjs';

test('every route and every error page carries the security headers', async () => {
  const anon = new Client();
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  const cases = [
    [anon, '/riverside/login', 200],
    [anon, '/riverside/activate', 200],
    [anon, '/riverside/forgot-username', 200],
    [anon, '/riverside/', 303],
    [anon, '/riverside/home', 303],
    [anon, '/riverside/nothing-here', 404],
    [anon, '/nowhere/login', 404],
    [anon, '/static/portal.css', 200],
    [anon, '/no-clinic-at-all', 404],
    [maria, '/riverside/home', 200],
    [maria, '/riverside/appointments/999999', 404],
    [nurse, '/riverside/staff', 200],
    [nurse, '/riverside/staff/patients/new', 200],
  ];
  for (const [client, path, status] of cases) {
    const res = await client.get(path);
    assert.equal(res.status, status, path);
    assertSecurityHeaders(res, path);
  }
  const post405 = await anon.post('/riverside/forgot-username', {});
  assert.equal(post405.status, 405);
  assertSecurityHeaders(post405, 'POST forgot-username');
  const csrf403 = await anon.post('/riverside/login', { username: 'x' });
  assert.equal(csrf403.status, 403);
  assertSecurityHeaders(csrf403, 'CSRF 403');
});

test('signed-in pages are never stored', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  for (const path of ['/riverside/home', '/riverside/appointments/999999']) {
    const res = await maria.get(path);
    assert.match(res.headers.get('cache-control') || '', /no-store/, path);
  }
  const nurse = await signedIn('riverside', 'nurse@riverside.example');
  assert.match((await nurse.get('/riverside/staff')).headers.get('cache-control'), /no-store/);
});

test('error pages are branded and plain: no stack, no SQL', async () => {
  const res = await new Client().get('/riverside/nothing-here');
  assert.equal(h1(res.text), 'Page not found');
  assert.ok(res.text.includes('Riverside Community Health Center'), 'branded');
  assert.ok(res.text.includes('(555) 010-2000'), 'footer with the phone');
  assert.doesNotMatch(res.text, /SELECT|mysql|mariadb|stack|\.c:\d+/i);
});

test('a body over the limit gets the 413 page; malformed input the 400 page', async () => {
  const c = new Client();
  const token = csrfFrom((await c.get('/riverside/login')).text);
  const big = await c.post('/riverside/login', { csrf_token: token, username: 'a@b.cd', password: 'x'.repeat(20000) });
  assert.equal(big.status, 413, 'field longer than the limit');
  assert.equal(h1(big.text), 'What you sent is too large');
  assertSecurityHeaders(big, '413');
  const fields = { csrf_token: token };
  for (let i = 0; i < 80; i++) fields[`f${i}`] = 'x';
  const many = await c.post('/riverside/login', fields);
  assert.equal(many.status, 413, 'too many fields');
  const huge = await c.post('/riverside/login', { csrf_token: token, blob: 'y'.repeat(1100 * 1024) });
  assert.equal(huge.status, 413, 'body over body_max_bytes');
  const badEscape = await c.post('/riverside/login', `csrf_token=${token}&username=%ZZ`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(badEscape.status, 400);
  assert.equal(h1(badEscape.text), 'Something in the form was not right');
  const badType = await c.post('/riverside/login', '{"a":1}', { headers: { 'content-type': 'application/json' } });
  assert.equal(badType.status, 400);
  const fd = new FormData();
  fd.append('csrf_token', token);
  fd.append('username', 'x@example.org');
  const multipartOk = await c.post('/riverside/login', fd);
  assert.equal(multipartOk.status, 200, 'multipart bodies are parsed');
  assert.ok(multipartOk.text.includes('Enter your email and your password.'));
  const truncated = await fetch(`${BASE}/riverside/login`, {
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data; boundary=XyZ', cookie: c.cookieHeader() },
    body: '--XyZ\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\nabc',
  });
  assert.equal(truncated.status, 400);
});
