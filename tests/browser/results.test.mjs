// Results in headless Chromium on a phone: a patient opens a new result and
// its trend, in English and Spanish; staff pages for entering results.
// axe-core checks every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPatient, sql, sqlValue } from '../http/lib.mjs';
import { BASE, useBrowser, phone, signIn, checkPage, clickAndCheck } from './lib.mjs';

const run = useBrowser();

test('a patient opens a new result and its trend, in English and in Spanish', async () => {
  for (const lang of ['en', 'es']) {
    const { email, pid } = await freshPatient('riverside', { lang });
    // Two A1c reports, the newer one unread.
    for (const [days, value, read] of [[100, 8.1, true], [3, 7.4, false]]) {
      sql(`INSERT INTO lab_reports (clinic_id, patient_id, panel_name, panel_loinc, category, ordering_provider_key,
        collected_at, reported_at, status, released_at, read_at, comment) SELECT clinic_id, id, 'Hemoglobin A1c', '4548-4',
        'chemistry', 'chen', UTC_TIMESTAMP() - INTERVAL ${days} DAY, UTC_TIMESTAMP() - INTERVAL ${days} DAY, 'final',
        UTC_TIMESTAMP() - INTERVAL ${days} DAY, ${read ? 'UTC_TIMESTAMP()' : 'NULL'}, ${read ? 'NULL' : "'Better than last time.'"}
        FROM patients WHERE id = ${pid}`);
      sql(`INSERT INTO lab_results (report_id, clinic_id, patient_id, loinc, name, value_num, unit, ref_low, ref_high, flag)
        SELECT MAX(id), clinic_id, patient_id, '4548-4', 'Hemoglobin A1c', ${value}, '%', 4.0, 5.6, 'high'
        FROM lab_reports WHERE patient_id = ${pid} GROUP BY clinic_id, patient_id`);
    }
    const context = await phone(run.browser);
    const page = await signIn(context, email);
    await page.click('nav a[href="/riverside/results"]');
    await page.waitForURL('**/riverside/results');
    await checkPage(page, `results (${lang})`);
    await page.click('ul.cards li:has(.tag) a');
    await page.waitForURL(/\/results\/\d+$/);
    await checkPage(page, `a result (${lang})`);
    assert.ok((await page.textContent('table.list')).includes(lang === 'es' ? 'Alto' : 'High'));
    await page.click(`a:has-text("${lang === 'es' ? 'Ver la tendencia' : 'See the trend'}")`);
    await page.waitForURL(/\/trend\/\d+$/);
    assert.equal(await page.locator('svg[role=img] circle').count(), 2);
    await checkPage(page, `a trend (${lang})`);
    await context.close();
    assert.ok(sqlValue(`SELECT COUNT(*) FROM lab_reports WHERE patient_id = ${pid} AND read_at IS NULL`) === '0');
  }
});

test('the staff results pages pass axe', async () => {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await signIn(context, 'nurse@riverside.example');
  await clickAndCheck(page, 'nav a[href="/riverside/staff/results"]', 'staff results');
  await clickAndCheck(page, 'a:has-text("Enter a result")', 'enter a result');
  await clickAndCheck(page, 'form.stack button[type=submit]:has-text("Save")', 'enter a result with errors');
  await page.goto(`${BASE}/riverside/staff/results`);
  await clickAndCheck(page, 'table.list tbody tr:first-child td:first-child a', 'correct a result');
  await context.close();
});

test('a patient requests a refill that staff approve, in Spanish and English', async () => {
  const { email, pid } = await freshPatient('riverside', { lang: 'es' });
  sql(`INSERT INTO medications (clinic_id, patient_id, name, dose, instructions, prescriber_key, status, refillable, refills_left, started_on)
    SELECT clinic_id, id, 'Metformina 500 mg', '500 mg', 'Tome 1 tableta dos veces al día.', 'chen', 'active', 1, 3, CURDATE() FROM patients WHERE id = ${pid}`);
  const mobile = await phone(run.browser);
  const page = await signIn(mobile, email);
  await clickAndCheck(page, 'nav a[href="/riverside/refills"]', 'refills (es)');
  await clickAndCheck(page, 'a:has-text("Pedir un resurtido")', 'refill form (es)');
  await clickAndCheck(page, 'button:has-text("Enviar solicitud")', 'refill form with errors (es)');
  await page.fill('#pharmacy_name', 'Farmacia La Esquina');
  await page.fill('#pharmacy_phone', '(555) 300-2000');
  await page.click('button:has-text("Enviar solicitud")');
  await page.waitForURL(/done=requested$/);
  assert.ok((await page.textContent('.notice')).includes('Su solicitud se envió'));
  await checkPage(page, 'refill requested (es)');

  const desk = await run.browser.newContext({ viewport: { width: 1024, height: 768 } });
  const staff = await signIn(desk, 'nurse@riverside.example');
  await clickAndCheck(staff, 'nav a[href="/riverside/staff/refills"]', 'refill queue (en)');
  await clickAndCheck(staff, 'a:has-text("Metformina 500 mg")', 'refill review (en)');
  await staff.click('button:has-text("Approve")');
  await staff.waitForURL(/done=approved$/);
  await desk.close();

  await page.reload();
  assert.ok((await page.textContent('main')).includes('Aprobado'));
  await mobile.close();
});

test('the record and its printable copy pass axe in English and Spanish', async () => {
  for (const [clinic, email] of [['riverside', 'maria@riverside.example'], ['valle', 'rosa@valle.example']]) {
    const context = await phone(run.browser);
    const page = await signIn(context, email, { clinic });
    await clickAndCheck(page, `nav a[href="/${clinic}/record"]`, `record (${clinic})`);
    await clickAndCheck(page, 'summary:has-text("' + (clinic === 'valle' ? 'Un medicamento que tomo' : 'A medicine I take') + '")', `record with a form open (${clinic})`);
    await page.goto(`${BASE}/${clinic}/record/print`);
    await checkPage(page, `printable record (${clinic})`);
    await context.close();
  }
});

test('the staff review of patient updates passes axe', async () => {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await signIn(context, 'nurse@riverside.example');
  await clickAndCheck(page, 'nav a[href="/riverside/staff/reports"]', 'patient updates');
  await context.close();
});
