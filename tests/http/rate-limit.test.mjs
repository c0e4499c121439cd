// nginx's limit_req on the sign-in form is the second wall behind the
// account lockout. The flood comes from an address of its own (any 127.x
// address reaches the stack on loopback), so that exhausting its burst
// leaves every other test's sign-ins alone, whatever the order of the files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { BASE, assertSecurityHeaders } from './lib.mjs';

// One POST from localAddress; resolves to { status, headers, text }.
function postFrom(localAddress, path, body) {
  const url = new URL(BASE + path);
  const payload = new URLSearchParams(body).toString();
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: new Headers(res.headers), text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

test('a flood of sign-in POSTs from one address is cut off with 429, and other addresses are not', async () => {
  // An address no other test uses: 127.0.<1..254>.<1..254> from the pid.
  const flooder = `127.0.${(process.pid % 254) + 1}.${(Math.floor(process.pid / 254) % 254) + 1}`;
  let limited = null;
  for (let i = 0; i < 400 && !limited; i++) {
    const res = await postFrom(flooder, '/riverside/login', { csrf_token: 'x', username: 'flood@example.org', password: 'x' });
    if (res.status === 429) limited = res;
    else assert.equal(res.status, 403);
  }
  assert.ok(limited, 'nginx answered 429');
  assertSecurityHeaders(limited, '429');
  assert.match(limited.text, /Too many attempts/);
  // Reading pages is not limited, and another address still signs in.
  assert.equal((await fetch(`${BASE}/riverside/login`)).status, 200);
  const other = await postFrom('127.0.0.1', '/riverside/login', { csrf_token: 'x', username: 'flood@example.org', password: 'x' });
  assert.equal(other.status, 403, 'the limit counts the flooding address only');
});
