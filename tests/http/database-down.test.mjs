// While MariaDB is down the user gets a branded 503 page at once, in their
// language, with every header; once it is back the workers reconnect by
// themselves and the same session works again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, signedIn, h1, stack, assertSecurityHeaders } from './lib.mjs';

test('503 while the database is stopped, recovery when it returns', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  assert.equal((await maria.get('/riverside/home')).status, 200);
  stack('db-stop');
  try {
    const started = Date.now();
    const res = await maria.get('/riverside/home');
    assert.equal(res.status, 503);
    assert.ok(Date.now() - started < 5000, 'fails fast');
    assert.equal(h1(res.text), 'The portal is temporarily unavailable');
    assert.ok(res.text.includes('Riverside Community Health Center'), 'branded');
    assert.ok(res.text.includes('(555) 010-2000'), 'with the phone to call');
    assertSecurityHeaders(res, '503');
    assert.equal(res.headers.get('retry-after'), '30');
    assert.doesNotMatch(res.text, /mysql|mariadb|socket|SQL/i);
    const es = await new Client().get('/valle/staff');
    assert.ok([503, 303].includes(es.status), 'a page without a session needs no database');
    const login = await new Client().post('/valle/login', { csrf_token: 'x', username: 'a@b.cd', password: 'x' });
    assert.equal(login.status, 403);
    const rosaLike = new Client();
    rosaLike.cookies.set('__Host-portal-valle', 'B'.repeat(43));
    const valle = await rosaLike.get('/valle/home');
    assert.equal(valle.status, 503);
    assert.equal(h1(valle.text), 'El portal no está disponible por el momento', 'in the clinic\'s language');
  } finally {
    stack('db-start');
  }
  // The workers reconnect by themselves: the first request after may still
  // find a stale connection, so allow a few attempts within a few seconds.
  let status = 0;
  for (let i = 0; i < 20 && status !== 200; i++) {
    status = (await maria.get('/riverside/home')).status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(status, 200, 'the session survived and the page is back');
  // A worker whose connect failed waits a second before it tries again
  // (so a dead database costs no one a timeout): past that window every
  // worker of every pool is back, and the tests after this one need them.
  await new Promise((r) => setTimeout(r, 1200));
  const again = await signedIn('riverside', 'maria@riverside.example');
  assert.equal((await again.get('/riverside/messages')).status, 200, 'a fresh sign-in works on every pool');
});
