// portalctl against the test stack's database: migrations and their
// checksums, configuration errors with file and line, the audit chain, and
// the application account's missing rights on the audit log.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, cpSync, appendFileSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, sqlValue, signedIn } from './lib.mjs';

// The audit checks need a log with a few rows, whatever ran before: three
// sign-ins make them.
before(async () => {
  for (const who of ['maria@riverside.example', 'james@riverside.example', 'nurse@riverside.example']) {
    await signedIn('riverside', who);
  }
});

const ROOT = process.env.PORTAL_ROOT;

function portalctl(...args) {
  const r = spawnSync(join(ROOT, 'cgi-bin/portalctl'), args, { cwd: ROOT, encoding: 'utf8', env: process.env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('--help lists the commands; an unknown command is a clear error', () => {
  const help = portalctl('--help');
  assert.equal(help.code, 0);
  for (const cmd of ['migrate', 'config check', 'clinic add', 'staff add', 'patient add', 'activation-code', 'seed-demo', 'audit verify']) {
    assert.ok(help.out.includes(cmd), cmd);
  }
  const bad = portalctl('frobnicate');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown command 'frobnicate'/);
});

test('migrate is idempotent and refuses to run when an applied migration was edited', () => {
  const again = portalctl('migrate');
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /0 migrations applied now/);
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  try {
    cpSync(join(ROOT, 'migrations'), dir, { recursive: true });
    appendFileSync(join(dir, '0001_foundation.sql'), '\n-- an innocent-looking edit\n');
    const edited = portalctl('migrate', '--dir', dir);
    assert.equal(edited.code, 1);
    assert.match(edited.err, /0001_foundation\.sql was edited after it was applied/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const recorded = sql('SELECT version, checksum FROM schema_migrations ORDER BY version');
  assert.ok(recorded.length >= 1);
  assert.match(recorded[0][1], /^[0-9a-f]{64}$/);
});

test('config check names the file and the line of the problem', () => {
  const ok = portalctl('config', 'check', join(ROOT, 'conf/clinics/riverside.yaml'), join(ROOT, 'conf/clinics/valle.yaml'),
    join(ROOT, 'conf/lab-tests.yaml'));
  assert.equal(ok.code, 0, ok.err);
  const catalogueDir = mkdtempSync(join(tmpdir(), 'catalogue-'));
  try {
    const bad = join(catalogueDir, 'lab-tests.yaml');
    writeFileSync(bad, 'tests:\n  - { loinc: "4548-4", name: A1c }\n');
    const r = portalctl('config', 'check', bad);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`^${bad}:2: missing setting 'tests\\[1\\]\\.about'`));
  } finally {
    rmSync(catalogueDir, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(tmpdir(), 'clinic-'));
  try {
    const good = readFileSync(join(ROOT, 'conf/clinics/riverside.yaml'), 'utf8');
    const cases = [
      ['messages: true', 'messages: maybe', /features\.messages: expected true or false, got 'maybe'/],
      ['idle_timeout_minutes: 15', 'idle_timeout_minutes: 600', /idle_timeout_minutes: expected a whole number from 2 to 60/],
      ['primary_color: "#0b5d7a"', 'primary_color: blue', /expected a colour like/],
      ['timezone: America/Chicago', 'timezone: Mars/Olympus', /is not a known time zone/],
      ['features:', 'featurez:', /unknown setting 'featurez'/],
    ];
    for (const [from, to, message] of cases) {
      const file = join(dir, 'riverside.yaml');
      const text = good.replace(from, to);
      writeFileSync(file, text);
      const line = text.split('\n').findIndex((l) => l.includes(to.split(':')[0]) && l.includes(to.split(': ')[1] ?? '')) + 1;
      const r = portalctl('config', 'check', file);
      assert.equal(r.code, 1, to);
      assert.match(r.err, message, to);
      assert.ok(r.err.startsWith(`${file}:`), `names the file: ${r.err}`);
      if (!/time zone/.test(r.err)) assert.ok(r.err.startsWith(`${file}:${line}:`), `line ${line}: ${r.err}`);
    }
    writeFileSync(join(dir, 'riverside.yaml'), 'slug: [unclosed\n');
    const syntax = portalctl('config', 'check', join(dir, 'riverside.yaml'));
    assert.equal(syntax.code, 1);
    assert.match(syntax.err, /riverside\.yaml:\d+: YAML syntax/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('audit verify passes on an intact log and catches an edited, deleted or truncated log', () => {
  const ok = portalctl('audit', 'verify');
  assert.equal(ok.code, 0, ok.out + ok.err);
  assert.match(ok.out, /audit log intact: \d+ rows verified/);
  // Tampering happens on a copy in a scratch database, never on the real log.
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  const config = join(dir, 'portal.yaml');
  writeFileSync(config, readFileSync(process.env.PORTAL_CONFIG, 'utf8').replace(/^(  name:) portal$/m, '$1 portal_tamper'));
  const verifyCopy = () => portalctl('--config', config, 'audit', 'verify');
  const fresh = () => sql('DROP DATABASE IF EXISTS portal_tamper; CREATE DATABASE portal_tamper;'
    + ' CREATE TABLE portal_tamper.audit_log AS SELECT * FROM portal.audit_log;'
    + ' CREATE TABLE portal_tamper.audit_head AS SELECT * FROM portal.audit_head;');
  try {
    const [id] = sql('SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2')[0];
    fresh();
    assert.equal(verifyCopy().code, 0, 'an untouched copy verifies');
    sql(`UPDATE portal_tamper.audit_log SET action = 'signin.nothing' WHERE id = ${id}`);
    let r = verifyCopy();
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`BROKEN: 1 of \\d+ rows fail the chain, first at id ${id}`));
    fresh();
    sql(`DELETE FROM portal_tamper.audit_log WHERE id = ${id}`);
    assert.equal(verifyCopy().code, 1, 'a deleted row');
    fresh();
    sql('DELETE FROM portal_tamper.audit_log ORDER BY id DESC LIMIT 1');
    assert.equal(verifyCopy().code, 1, 'the newest row removed');
  } finally {
    sql('DROP DATABASE IF EXISTS portal_tamper');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the application account can append audit rows but never change or delete them', () => {
  const pw = readFileSync(process.env.PORTAL_DIR + '/secrets/db_password', 'utf8').trim();
  const asApp = (stmt) => spawnSync('mariadb', ['--no-defaults', '-S', process.env.PORTAL_DB_SOCKET, '-u', 'portal_app',
    `-p${pw}`, '-N', '-B', 'portal', '-e', stmt], { encoding: 'utf8' });
  for (const stmt of ['UPDATE audit_log SET action = \'x\' WHERE id = 1', 'DELETE FROM audit_log WHERE id = 1',
    'UPDATE audit_head SET last_id = 0', 'TRUNCATE audit_log', 'DROP TRIGGER audit_log_chain']) {
    const r = asApp(stmt);
    assert.notEqual(r.status, 0, stmt);
    assert.match(r.stderr, /denied/, stmt);
  }
  // An appended row is chained by the trigger, whatever id and hashes it claims.
  const forged = asApp("INSERT INTO audit_log (id, occurred_at, action, outcome, prev_hash, row_hash) VALUES (1, '2020-01-01', 'forged', 'success', 'a', 'b')");
  assert.equal(forged.status, 0, forged.stderr);
  const [id, prev, hash] = sql("SELECT id, prev_hash, row_hash FROM audit_log WHERE action = 'forged'")[0];
  assert.ok(Number(id) > 1);
  assert.match(prev, /^[0-9a-f]{64}$/);
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(portalctl('audit', 'verify').code, 0, 'the chain still holds');
});

test('clinic add writes a starter file that passes the checks and registers the clinic', () => {
  const top = mkdtempSync(join(tmpdir(), 'clinics-'));
  const dir = join(top, 'clinics');
  try {
    cpSync(join(ROOT, 'conf/clinics'), dir, { recursive: true });
    const config = join(top, 'portal.yaml');
    writeFileSync(config, readFileSync(process.env.PORTAL_CONFIG, 'utf8').replace(/^(\s*clinics:).*$/m, `$1 ${dir}`));
    const slug = `lakeside${process.pid}`;
    const r = portalctl('--config', config, 'clinic', 'add', slug, '--name', 'Lakeside Free Clinic');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`registered clinic '${slug}'`));
    const file = readFileSync(join(dir, `${slug}.yaml`), 'utf8');
    assert.match(file, /messages: true/);
    assert.match(file, /appointments: false/);
    assert.equal(portalctl('config', 'check', join(dir, `${slug}.yaml`)).code, 0);
    assert.equal(sqlValue(`SELECT COUNT(*) FROM clinics WHERE slug = '${slug}'`), '1');
    const again = portalctl('--config', config, 'clinic', 'add', slug, '--name', 'Again');
    assert.equal(again.code, 1);
    assert.match(again.err, /already exists/);
    const bad = portalctl('--config', config, 'clinic', 'add', 'Not A Slug', '--name', 'X');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /not a usable slug/);
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
});

test('staff add and patient add check their input', () => {
  const noPw = spawnSync(join(ROOT, 'cgi-bin/portalctl'), ['staff', 'add', '--clinic', 'riverside', '--email', `ctl${process.pid}@example.org`, '--role', 'nurse', '--name', 'Test Nurse'], {
    cwd: ROOT, encoding: 'utf8', env: process.env, input: 'short\n',
  });
  assert.equal(noPw.status, 1);
  assert.match(noPw.stderr, /at least 12 characters/);
  const added = spawnSync(join(ROOT, 'cgi-bin/portalctl'), ['staff', 'add', '--clinic', 'riverside', '--email', `ctl${process.pid}@example.org`, '--role', 'nurse', '--name', 'Test Nurse'], {
    cwd: ROOT, encoding: 'utf8', env: process.env, input: 'a long enough staff passphrase\n',
  });
  assert.equal(added.status, 0, added.stderr);
  const badRole = portalctl('staff', 'add', '--clinic', 'riverside', '--email', 'x@example.org', '--role', 'patient', '--name', 'X');
  assert.equal(badRole.code, 1);
  assert.match(badRole.err, /not a staff role/);
  const badDob = portalctl('patient', 'add', '--clinic', 'riverside', '--first', 'A', '--last', 'B', '--dob', '1990-02-30');
  assert.equal(badDob.code, 1);
  assert.match(badDob.err, /not a date/);
  const noClinic = portalctl('patient', 'add', '--clinic', 'atlantis', '--first', 'A', '--last', 'B', '--dob', '1990-02-03');
  assert.equal(noClinic.code, 1);
  assert.match(noClinic.err, /no clinic 'atlantis'/);
});
