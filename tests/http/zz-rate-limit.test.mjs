// nginx's limit_req on the sign-in form is the second wall behind the
// account lockout. This file runs last: it exhausts the sign-in burst.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, assertSecurityHeaders } from './lib.mjs';

test('a flood of sign-in POSTs from one address is cut off with 429', async () => {
  const c = new Client();
  await c.get('/riverside/login');
  let limited = null;
  for (let i = 0; i < 400 && !limited; i++) {
    const res = await c.post('/riverside/login', { csrf_token: 'x', username: 'flood@example.org', password: 'x' });
    if (res.status === 429) limited = res;
    else assert.equal(res.status, 403);
  }
  assert.ok(limited, 'nginx answered 429');
  assertSecurityHeaders(limited, '429');
  assert.match(limited.text, /Too many attempts/);
  // Reading pages is not limited.
  assert.equal((await c.get('/riverside/login')).status, 200);
});
