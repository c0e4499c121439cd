// Lab results: the list with unread reports, a report's values with flags
// in words, the catalogue's explanations, the trend chart with its table,
// release rules (final at once, a category's delay with the test clock,
// preliminary never, staff release early), staff entry and correction,
// scope (404 + audit) and CSRF.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, signedIn, getPage, h1, csrfFrom, sql, sqlValue, lastAuditId, auditSince, freshPatient, freshStaff, setClock, resetClock,
} from './lib.mjs';

after(() => resetClock());

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'America/Chicago' });

async function nurse() {
  const { email, password } = freshStaff();
  return signedIn('riverside', email, password);
}

function mrnOf(pid) {
  return sqlValue(`SELECT mrn FROM patients WHERE id = ${pid}`);
}

// Enters a report through the staff form; returns its id.
async function enter(staff, fields) {
  const page = await staff.get('/riverside/staff/results/new');
  assert.equal(page.status, 200);
  const res = await staff.post('/riverside/staff/results', {
    csrf_token: csrfFrom(page.text), category: 'chemistry', provider: 'chen', collected_day: today(),
    collected_time: '00:05', status: 'final', ...fields,
  });
  assert.equal(res.status, 303, `entered: ${res.status} ${h1(res.text || '')} ${(res.text || '').match(/class="errors"[\s\S]*?<\/div>/)?.[0] || ''}`);
  return Number(sqlValue(`SELECT MAX(id) FROM lab_reports WHERE panel_name = '${fields.panel}'`));
}

test('the list shows released reports, new ones marked; a report shows values, flags in words, explanations', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const before = lastAuditId();
  const list = await getPage(maria, '/riverside/results', 'Test results');
  assert.ok(list.text.includes('Basic metabolic panel') && list.text.includes('New'));
  const id = sqlValue(`SELECT r.id FROM lab_reports r JOIN patients p ON p.id = r.patient_id WHERE p.mrn = 'R100234'
    AND r.panel_name = 'Basic metabolic panel'`);
  const page = await maria.get(`/riverside/results/${id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Glucose') && page.text.includes('142 mg/dL'));
  assert.ok(page.text.includes('70–99 mg/dL'), 'the usual range');
  assert.ok(/class="flag flag-high">High</.test(page.text), 'a flag in words, not colour alone');
  assert.ok(page.text.includes('The amount of sugar in your blood'), 'the catalogue explains the test');
  assert.ok(sqlValue(`SELECT read_at FROM lab_reports WHERE id = ${id}`), 'marked read');
  const rows = auditSince(before);
  assert.ok(rows.some((r) => r.action === 'results.list'));
  assert.ok(rows.some((r) => r.action === 'result.view' && r.objectId === String(id)));
});

test('a trend: an SVG chart with the reference band, and the same values in a table', async () => {
  const maria = await signedIn('riverside', 'maria@riverside.example');
  const id = sqlValue(`SELECT r.id FROM lab_reports r JOIN patients p ON p.id = r.patient_id WHERE p.mrn = 'R100234'
    AND r.panel_loinc = '4548-4' ORDER BY r.collected_at DESC LIMIT 1`);
  const page = await maria.get(`/riverside/results/${id}`);
  const link = page.text.match(/href="(\/riverside\/results\/\d+\/trend\/\d+)"/);
  assert.ok(link, 'a trend link for a test with several values');
  const trend = await maria.get(link[1]);
  assert.equal(trend.status, 200);
  assert.match(trend.text, /<svg [^>]*role="img" aria-labelledby="charts-0"/);
  assert.match(trend.text, /<rect class="band"/);
  assert.equal((trend.text.match(/<circle class="point line-point"/g) || []).length, 2);
  assert.match(trend.text, /<polyline class="line" points="[\d., ]+"/);
  assert.ok(trend.text.includes('<caption>All values</caption>'));
  assert.ok(trend.text.includes('>7.4<') && trend.text.includes('>8.1<'));
  assert.ok(!/<script/i.test(trend.text));
});

test('staff enter a final result: shown at once, flagged from its range, the patient notified without values', async () => {
  const { client, pid } = await freshPatient();
  const staff = await nurse();
  const id = await enter(staff, {
    mrn: mrnOf(pid), panel: `Lipid panel ${pid}`, name_1: 'Cholesterol, total', loinc_1: '2093-3', value_1: '245', unit_1: 'mg/dL',
    high_1: '200', name_2: 'HDL cholesterol', loinc_2: '2085-9', value_2: '52', unit_2: 'mg/dL', low_2: '40',
    name_3: 'Potassium', value_3: '6.9', unit_3: 'mmol/L', low_3: '3.5', high_3: '5.1', flag_3: 'critical_high',
  });
  assert.deepEqual(sql(`SELECT name, flag FROM lab_results WHERE report_id = ${id} ORDER BY id`),
    [['Cholesterol, total', 'high'], ['HDL cholesterol', 'normal'], ['Potassium', 'critical_high']]);
  const page = await client.get(`/riverside/results/${id}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Very high') && page.text.includes('far outside the usual range'));
  const notes = sql(`SELECT template, link FROM outbox WHERE patient_id = ${pid} AND template = 'new_result'`);
  assert.equal(notes.length, 1);
  assert.ok(!/245|cholesterol|lipid/i.test(notes[0][1]), 'no values or test names in the notice');
  // Bad input is explained, nothing is stored.
  const form = await staff.get('/riverside/staff/results/new');
  const bad = await staff.post('/riverside/staff/results', {
    csrf_token: csrfFrom(form.text), mrn: 'NOPE', panel: '', category: 'chemistry', collected_day: '2099-01-01',
    collected_time: '25:00', status: 'final', name_1: 'X', value_1: '', low_1: 'abc',
  });
  assert.equal(bad.status, 200);
  for (const msg of ['No patient of this clinic has that MRN.', 'Give the report', 'Give the day and time', 'Each value needs']) {
    assert.ok(bad.text.includes(msg), msg);
  }
});

test('release rules: preliminary never, a category\'s delay with the clock, staff release early', async () => {
  const { client, pid } = await freshPatient();
  const staff = await nurse();
  const prelim = await enter(staff, { mrn: mrnOf(pid), panel: `Culture ${pid}`, category: 'microbiology', status: 'preliminary',
    name_1: 'Urine culture', value_1: 'No growth yet' });
  assert.equal((await client.get(`/riverside/results/${prelim}`)).status, 404);
  const held = await enter(staff, { mrn: mrnOf(pid), panel: `Biopsy ${pid}`, category: 'pathology', name_1: 'Skin biopsy', value_1: 'Benign' });
  const before = lastAuditId();
  assert.equal((await client.get(`/riverside/results/${held}`)).status, 404, 'held for 72 hours');
  assert.ok(auditSince(before).some((r) => r.action === 'result.view' && r.outcome === 'denied'));
  assert.ok(!(await client.get('/riverside/results')).text.includes(`Biopsy ${pid}`));
  const due = Number(sqlValue(`SELECT UNIX_TIMESTAMP(due_at) - UNIX_TIMESTAMP(UTC_TIMESTAMP()) FROM outbox
    WHERE patient_id = ${pid} AND template = 'new_result' AND link LIKE '%/results/${held}'`));
  assert.ok(due > 71 * 3600 && due <= 72 * 3600 + 60, `the notice waits too (${due} s)`);
  try {
    setClock(73 * 3600);
    const later = await signedIn('riverside', sqlValue(`SELECT email FROM users WHERE patient_id = ${pid}`));
    assert.equal((await later.get(`/riverside/results/${held}`)).status, 200, 'shown after the delay');
  } finally {
    resetClock();
  }
  // Another pathology report, released early by staff with a comment.
  const early = await enter(staff, { mrn: mrnOf(pid), panel: `Pap ${pid}`, category: 'pathology', name_1: 'Cytology', value_1: 'Normal' });
  const edit = await staff.get(`/riverside/staff/results/${early}`);
  assert.ok(edit.text.includes('Show to the patient now'));
  const rel = await staff.post(`/riverside/staff/results/${early}/release`, { csrf_token: csrfFrom(edit.text), comment: 'All normal, see you next year.' });
  assert.equal(rel.status, 303);
  // Signing in while the clock was ahead ended the older session: again.
  const again = await signedIn('riverside', sqlValue(`SELECT email FROM users WHERE patient_id = ${pid}`));
  const page = await again.get(`/riverside/results/${early}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('All normal, see you next year.'));
  // Its notice goes now: due at once, or already tried by the notifier.
  const [nowDue, attempts] = sql(`SELECT UNIX_TIMESTAMP(due_at) - UNIX_TIMESTAMP(UTC_TIMESTAMP()), attempts FROM outbox
    WHERE patient_id = ${pid} AND template = 'new_result' AND link LIKE '%/results/${early}'`)[0].map(Number);
  assert.ok(nowDue <= 5 || attempts > 0, `its notice goes now (due in ${nowDue} s, ${attempts} attempts)`);
  assert.equal((await staff.post(`/riverside/staff/results/${prelim}/release`, { csrf_token: csrfFrom(edit.text) })).status, 409);
});

test('a correction marks the report corrected and new again (a Spanish-speaking patient)', async () => {
  const { client, pid } = await freshPatient('riverside', { lang: 'es' });
  const staff = await nurse();
  const id = await enter(staff, { mrn: mrnOf(pid), panel: `TSH ${pid}`, name_1: 'TSH', loinc_1: '3016-3', value_1: '9.1', unit_1: 'mIU/L', low_1: '0.4', high_1: '4.0' });
  await client.get(`/riverside/results/${id}`);
  const edit = await staff.get(`/riverside/staff/results/${id}`);
  assert.ok(edit.text.includes('value="9.1"'));
  const res = await staff.post(`/riverside/staff/results/${id}`, {
    csrf_token: csrfFrom(edit.text), panel: `TSH ${pid}`, category: 'chemistry', provider: 'chen', collected_day: today(),
    collected_time: '00:05', status: 'final', name_1: 'TSH', loinc_1: '3016-3', value_1: '1.9', unit_1: 'mIU/L', low_1: '0.4', high_1: '4.0',
  });
  assert.equal(res.status, 303);
  assert.deepEqual(sql(`SELECT status, read_at IS NULL FROM lab_reports WHERE id = ${id}`)[0], ['corrected', '1']);
  assert.deepEqual(sql(`SELECT value_num, flag FROM lab_results WHERE report_id = ${id}`), [['1.9000', 'normal']]);
  const page = await client.get(`/riverside/results/${id}`);
  assert.ok(page.text.includes('Corregido') && page.text.includes('1.9 mIU/L') && page.text.includes('Dentro del rango'));
  assert.ok(page.text.includes('Una hormona que le indica a la tiroides'), 'the catalogue in Spanish');
});

test('scope: another patient\'s report, another clinic, patients and the front desk on staff pages; CSRF', async () => {
  const owner = await freshPatient();
  const staff = await nurse();
  const id = await enter(staff, { mrn: mrnOf(owner.pid), panel: `CBC ${owner.pid}`, category: 'hematology', name_1: 'Hemoglobin', value_1: '13.2' });
  const james = await signedIn('riverside', 'james@riverside.example');
  const before = lastAuditId();
  assert.equal((await james.get(`/riverside/results/${id}`)).status, 404);
  const value = sqlValue(`SELECT id FROM lab_results WHERE report_id = ${id}`);
  assert.equal((await james.get(`/riverside/results/${id}/trend/${value}`)).status, 404);
  assert.ok(auditSince(before).filter((r) => r.outcome === 'denied').length >= 2);
  const rosa = await signedIn('valle', 'rosa@valle.example');
  assert.equal((await rosa.get(`/valle/results/${id}`)).status, 404);
  assert.equal((await james.get('/riverside/staff/results')).status, 404);
  const valleAdmin = await signedIn('valle', 'admin@valle.example');
  assert.equal((await valleAdmin.get(`/valle/staff/results/${id}`)).status, 404);
  const page = await staff.get('/riverside/staff/results/new');
  assert.equal((await staff.post('/riverside/staff/results', { csrf_token: 'forged', mrn: 'R100234', panel: 'x' })).status, 403);
  assert.equal((await staff.post(`/riverside/staff/results/${id}/release`, { csrf_token: 'forged' })).status, 403);
  assert.equal((await staff.post(`/riverside/staff/results/${id}`, { csrf_token: 'forged', panel: 'changed' })).status, 403);
  assert.ok(csrfFrom(page.text));
  assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM lab_reports WHERE panel_name IN ('x', 'changed')`)), 0);
  assert.equal((await new Client().get('/riverside/results')).status, 303);
});
