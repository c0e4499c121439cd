// Appointments in headless Chromium, in Spanish, on a phone: a patient
// books a visit, gets its reminder, confirms from the reminder's link
// without signing in, and checks in online. axe-core checks every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { freshPatient, sql, sqlValue, setClock, resetClock } from '../http/lib.mjs';

const BASE = process.env.PORTAL_URL;
const PASSWORD = 'demo-portal-2026';
let browser;
let dir;

before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  dir = mkdtempSync(join(tmpdir(), 'portal-card-'));
});

after(async () => {
  resetClock();
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function checkPage(page, what) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `axe-core on ${what}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what}: ${overflow}px wider than the screen`);
}

test('a Spanish-speaking patient books, confirms from the reminder and checks in', async () => {
  const { email, pid } = await freshPatient('riverside', { lang: 'es' });
  const card = join(dir, 'tarjeta.png');
  writeFileSync(card, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea73581e40000000049454e44ae426082', 'hex'));

  const phone = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  await page.goto(`${BASE}/riverside/login?lang=es`);
  await page.fill('#username', email);
  await page.fill('#password', PASSWORD);
  await page.click('form.stack button[type=submit]');
  await page.waitForURL(/\/home$/);
  assert.equal(await page.getAttribute('html', 'lang'), 'es');

  await page.click('nav a[href="/riverside/appointments"]');
  await page.waitForURL('**/riverside/appointments');
  assert.equal((await page.textContent('h1')).trim(), 'Citas');
  await checkPage(page, 'appointments (es)');
  await page.click('a:has-text("Hacer una cita")');
  await checkPage(page, 'types (es)');
  await page.click('a:has-text("Consulta de seguimiento")');
  await page.waitForURL(/book\/slots/);
  await checkPage(page, 'slots (es)');
  let slot = page.locator('ul.slots a').first();
  if (await slot.count() === 0) {
    await page.click('a:has-text("Semana siguiente")');
    slot = page.locator('ul.slots a').first();
  }
  await slot.click();
  await page.waitForURL(/book\/confirm/);
  await checkPage(page, 'confirm (es)');
  await page.click('button:has-text("Reservar esta cita")');
  await page.waitForURL(/\/appointments\/\d+\?done=booked$/);
  assert.ok((await page.textContent('.notice')).includes('Su cita está reservada.'));
  await checkPage(page, 'visit (es)');
  const id = Number(page.url().match(/appointments\/(\d+)/)[1]);

  // The reminders are queued in Spanish, each with a signed link.
  const reminders = sql(`SELECT lang, link FROM outbox WHERE appointment_id = ${id} AND template = 'appointment_reminder'`);
  const starts = Number(sqlValue(`SELECT UNIX_TIMESTAMP(starts_at) FROM appointments WHERE id = ${id}`));
  // Booked under 24 hours ahead, there would be no reminder to follow:
  // the visit is at least min_lead_hours away, and the clinic asks 24.
  assert.ok(reminders.length >= 1 || starts - Date.now() / 1000 < 24 * 3600, 'a reminder is queued');
  if (reminders.length) {
    assert.ok(reminders.every(([lang]) => lang === 'es'));
    const link = reminders[reminders.length - 1][1];
    const anon = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'es-US' });
    const reminder = await anon.newPage();
    await reminder.goto(`${BASE}${link.slice(link.indexOf('/riverside/'))}&lang=es`);
    await checkPage(reminder, 'reminder link (es)');
    await reminder.click('button:has-text("Sí, iré")');
    assert.ok((await reminder.textContent('.notice')).includes('su cita está confirmada'));
    await checkPage(reminder, 'reminder confirmed (es)');
    await anon.close();
    assert.ok(sqlValue(`SELECT confirmed_at FROM appointments WHERE id = ${id}`));
  }

  // Check-in opens 72 hours before the visit: move the clock there if needed.
  const wait = starts - 48 * 3600 - Math.floor(Date.now() / 1000);
  if (wait > 0) setClock(wait);
  try {
    await page.goto(`${BASE}/riverside/appointments/${id}`);
    await page.click('a:has-text("Registrarse en línea")');
    await page.waitForURL(/checkin$/);
    await checkPage(page, 'check-in (es)');
    await page.fill('#insurance_payer', 'Medicaid de Illinois');
    await page.fill('#insurance_member_id', 'MCD998877');
    await page.setInputFiles('#card', card);
    await page.fill('#medications', 'Metformina 500 mg');
    await page.click('button:has-text("Registrarme")');
    await page.waitForURL(/done=checkedin$/);
    assert.ok((await page.textContent('.notice')).includes('ya está registrado'));
    await checkPage(page, 'checked in (es)');
  } finally {
    resetClock();
  }
  assert.equal(sqlValue(`SELECT status FROM checkins WHERE appointment_id = ${id} AND patient_id = ${pid}`), 'pending');

  // The other pages of the feature pass axe too: cancel (kept), request, an offer.
  await page.goto(`${BASE}/riverside/appointments/${id}/cancel`);
  await checkPage(page, 'cancel (es)');
  await page.click('a:has-text("No, mantenerla")');
  await page.goto(`${BASE}/riverside/appointments/request?type=new_patient`);
  await checkPage(page, 'request (es)');
  await page.click('button:has-text("Enviar solicitud")');
  assert.ok((await page.textContent('.errors')).includes('Elija al menos un día.'));
  await checkPage(page, 'request with errors (es)');
  const waitId = sqlValue(`SELECT id FROM waitlist WHERE appointment_id = ${id}`) || (sql(`INSERT INTO waitlist
    (clinic_id, patient_id, appointment_id, type_key, created_at) SELECT clinic_id, patient_id, id, 'follow_up',
    UTC_TIMESTAMP() FROM appointments WHERE id = ${id}`), sqlValue(`SELECT id FROM waitlist WHERE appointment_id = ${id}`));
  sql(`INSERT INTO waitlist_offers (clinic_id, waitlist_id, patient_id, provider_key, location_key, starts_at, expires_at,
    created_at) SELECT clinic_id, ${waitId}, patient_id, 'chen', 'main', starts_at - INTERVAL 1 DAY,
    UTC_TIMESTAMP() + INTERVAL 1 HOUR, UTC_TIMESTAMP() FROM appointments WHERE id = ${id}`);
  await page.goto(`${BASE}/riverside/appointments`);
  await checkPage(page, 'appointments with an offer (es)');
  await page.click('section[aria-labelledby=offers-h] a');
  await checkPage(page, 'offer (es)');
  await phone.close();
});

test('the staff schedule pages pass axe on a phone', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${BASE}/riverside/login`);
  await page.fill('#username', 'nurse@riverside.example');
  await page.fill('#password', PASSWORD);
  await page.click('form.stack button[type=submit]');
  await page.waitForURL(/\/staff$/);
  await page.click('nav a[href="/riverside/staff/schedule"]');
  await page.waitForURL('**/riverside/staff/schedule');
  const lang = await page.getAttribute('html', 'lang');
  await checkPage(page, `schedule (${lang})`);
  for (const path of ['requests', 'hours', 'exceptions', 'checkins']) {
    await page.goto(`${BASE}/riverside/staff/schedule/${path}`);
    await checkPage(page, `schedule ${path}`);
  }
  const request = sqlValue("SELECT q.id FROM appointment_requests q JOIN clinics c ON c.id = q.clinic_id WHERE c.slug = 'riverside' ORDER BY q.id DESC LIMIT 1");
  if (request) {
    await page.goto(`${BASE}/riverside/staff/schedule/requests/${request}`);
    await checkPage(page, 'a request');
  }
  await context.close();
});
