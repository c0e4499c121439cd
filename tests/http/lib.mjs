// Helpers for the black-box HTTP tests: a browser-like client with a cookie
// jar, form helpers, the test clock, and read access to the database (to
// check audit rows). Every request goes to the real nginx + workers +
// MariaDB started by scripts/test-all on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';

export const BASE = process.env.PORTAL_URL || 'http://127.0.0.1:18080';
const SOCKET = process.env.PORTAL_DB_SOCKET;
const CLOCK = process.env.PORTAL_CLOCK_FILE;
export const DEMO_PASSWORD = 'demo-portal-2026';

// A client keeps its cookies like a browser would. Browsers send Secure
// cookies to http://127.0.0.1 (a trustworthy origin); Node's fetch has no
// jar, so this one does it by hand.
export class Client {
  constructor() {
    this.cookies = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  remember(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method, path, { body, headers = {}, redirect = 'manual' } = {}) {
    const h = { ...headers };
    const cookie = this.cookieHeader();
    if (cookie) h.cookie = cookie;
    let payload = body;
    if (body && !(body instanceof FormData) && typeof body === 'object') {
      payload = new URLSearchParams(body).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(BASE + path, { method, headers: h, body: payload, redirect });
    this.remember(res);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(path, opts) {
    return this.request('GET', path, opts);
  }

  post(path, body, opts = {}) {
    return this.request('POST', path, { ...opts, body });
  }

  // GETs a page with a form, then POSTs the fields with its CSRF token.
  async submit(formPath, actionPath, fields) {
    const page = await this.get(formPath);
    const token = csrfFrom(page.text);
    assert.ok(token, `no CSRF token on ${formPath}`);
    return this.post(actionPath, { csrf_token: token, ...fields });
  }

  async signIn(clinic, username, password = DEMO_PASSWORD) {
    const res = await this.submit(`/${clinic}/login`, `/${clinic}/login`, { username, password });
    return res;
  }
}

export function csrfFrom(html) {
  const m = html.match(/name="csrf_token" value="([^"]*)"/);
  return m ? m[1] : null;
}

export function h1(html) {
  const m = html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/);
  return m ? m[1].replace(/<[^>]+>/g, '').trim() : null;
}

// GETs a page that must answer with status and this heading; returns it.
export async function getPage(client, path, title, status = 200) {
  const res = await client.get(path);
  assert.equal(res.status, status, path);
  assert.equal(h1(res.text), title, path);
  return res;
}

export async function signedIn(clinic, username, password = DEMO_PASSWORD) {
  const c = new Client();
  const res = await c.signIn(clinic, username, password);
  assert.equal(res.status, 303, `sign-in of ${username} failed: ${res.status} ${h1(res.text)}`);
  return c;
}

// Runs SQL as the database administrator (tests only).
export function sql(query) {
  const out = execFileSync('mariadb', ['--no-defaults', '-S', SOCKET, '-N', '-B', 'portal', '-e', query], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((l) => l.length)
    .map((l) => l.split('\t').map((v) => (v === 'NULL' ? null : v)));
}

export function sqlValue(query) {
  const rows = sql(query);
  return rows.length ? rows[0][0] : null;
}

export function lastAuditId() {
  return Number(sqlValue('SELECT COALESCE(MAX(id), 0) FROM audit_log'));
}

export function auditSince(id) {
  return sql(
    `SELECT action, outcome, COALESCE(patient_id, ''), COALESCE(object_type, ''), COALESCE(object_id, ''), COALESCE(user_id, '') FROM audit_log WHERE id > ${Number(id)} ORDER BY id`,
  ).map(([action, outcome, patient, objectType, objectId, user]) => ({
    action, outcome, patient, objectType, objectId, user,
  }));
}

// Moves the portal's clock (seconds from real time); every process reads it
// at the start of each request.
export function setClock(offsetSeconds) {
  writeFileSync(CLOCK, `${Math.trunc(offsetSeconds)}\n`);
}

export function resetClock() {
  setClock(0);
}

export function stack(...args) {
  const [cmd, ...rest] = process.env.PORTAL_STACK.split(' ');
  return execFileSync(cmd, [...rest, ...args], { encoding: 'utf8', cwd: process.env.PORTAL_ROOT });
}

// A staff account of its own, for tests that lock or time out an account.
let accounts = 0;
export function freshStaff(clinic = 'riverside', password = 'a long enough staff passphrase') {
  accounts += 1;
  const email = `t${process.pid}-${accounts}@${clinic}.example`;
  execFileSync(`${process.env.PORTAL_ROOT}/cgi-bin/portalctl`,
    ['staff', 'add', '--clinic', clinic, '--email', email, '--role', 'nurse', '--name', 'Test Nurse'],
    { cwd: process.env.PORTAL_ROOT, input: `${password}\n`, env: process.env, stdio: ['pipe', 'ignore', 'inherit'] });
  return { email, password };
}

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function assertSecurityHeaders(res, what) {
  const csp = res.headers.get('content-security-policy') || '';
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP frame-ancestors`);
  assert.doesNotMatch(csp, /unsafe-inline|script-src [^;]*'self'/, `${what}: CSP must not allow inline script`);
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
    assert.equal(res.headers.get(k), v, `${what}: ${k}`);
  }
  const server = res.headers.get('server') || '';
  assert.doesNotMatch(server, /\d/, `${what}: server header reveals a version (${server})`);
}

// Patient and appointment ids of the demo data.
export function patientId(clinic, mrn) {
  return Number(sqlValue(
    `SELECT p.id FROM patients p JOIN clinics c ON c.id = p.clinic_id WHERE c.slug = '${clinic}' AND p.mrn = '${mrn}'`,
  ));
}

export function appointmentOf(clinic, mrn) {
  return Number(sqlValue(
    `SELECT a.id FROM appointments a JOIN patients p ON p.id = a.patient_id JOIN clinics c ON c.id = a.clinic_id WHERE c.slug = '${clinic}' AND p.mrn = '${mrn}' ORDER BY a.starts_at DESC LIMIT 1`,
  ));
}

// A patient with a portal account of their own (the demo password, whose
// hash is taken from an account no test changes), for
// tests that book, cancel or move visits without touching the demo
// patients. established: has been seen (a completed visit), which some
// appointment types require.
let patients = 0;
export async function freshPatient(clinic = 'riverside', { established = true, lang = 'en' } = {}) {
  patients += 1;
  const tag = `${process.pid}${patients}`;
  const email = `p${tag}@${clinic}.example`;
  sql(`INSERT INTO patients (clinic_id, mrn, first_name, last_name, dob, sex, lang, phone, email, created_at)
    SELECT id, 'T${tag}', 'Test', 'Patient${tag}', '1980-01-01', 'female', '${lang}', '(555) 555-0100', '${email}', UTC_TIMESTAMP()
    FROM clinics WHERE slug = '${clinic}'`);
  const pid = Number(sqlValue(`SELECT p.id FROM patients p JOIN clinics c ON c.id = p.clinic_id
    WHERE c.slug = '${clinic}' AND p.mrn = 'T${tag}'`));
  sql(`INSERT INTO users (clinic_id, email, password_hash, role, patient_id, display_name, lang, status, created_at)
    SELECT p.clinic_id, '${email}', u.password_hash, 'patient', ${pid}, 'Test Patient', '${lang}', 'active', UTC_TIMESTAMP()
    FROM patients p JOIN users u ON u.email = 'dr.chen@riverside.example' WHERE p.id = ${pid}`);
  if (established) {
    sql(`INSERT INTO appointments (clinic_id, patient_id, provider_key, location_key, visit_type, starts_at, status, created_at)
      SELECT clinic_id, id, 'chen', 'main', 'Earlier visit', UTC_TIMESTAMP() - INTERVAL 100 DAY, 'completed', UTC_TIMESTAMP()
      FROM patients WHERE id = ${pid}`);
  }
  const client = await signedIn(clinic, email);
  return { client, pid, email };
}
