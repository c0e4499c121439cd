// Appointments in headless Chromium, in Spanish, on a phone: a patient
// books a visit, gets its reminder, confirms from the reminder's link
// without signing in, and checks in online. axe-core checks every page.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshPatient, sql, sqlValue, setClock, resetClock } from '../http/lib.mjs';
import { BASE, useBrowser, phone, signIn, checkPage, clickAndCheck, tinyPng } from './lib.mjs';

const run = useBrowser();
after(resetClock);

test('a Spanish-speaking patient books, confirms from the reminder and checks in', async () => {
  const { email, pid } = await freshPatient('riverside', { lang: 'es' });
  const card = tinyPng(run.dir, 'tarjeta.png');

  const context = await phone(run.browser);
  const page = await signIn(context, email, { lang: 'es' });
  assert.equal(await page.getAttribute('html', 'lang'), 'es');

  await page.click('nav a[href="/riverside/appointments"]');
  await page.waitForURL('**/riverside/appointments');
  assert.equal((await page.textContent('h1')).trim(), 'Citas');
  await checkPage(page, 'appointments (es)');
  await clickAndCheck(page, 'a:has-text("Hacer una cita")', 'types (es)');
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
    const anon = await run.browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'es-US' });
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
  await clickAndCheck(page, 'section[aria-labelledby=offers-h] a', 'offer (es)');
  await context.close();
});

test('the staff schedule pages pass axe on a phone', async () => {
  // A patient's request waits in the queue, so that its page is checked too.
  const { pid } = await freshPatient('riverside');
  sql(`INSERT INTO appointment_requests (clinic_id, patient_id, type_key, preferred_days, preferred_times, reason,
    idempotency_key, created_at) SELECT clinic_id, id, 'new_patient', 'mon,tue', 'morning', 'A first visit, please.',
    MD5(RAND()), UTC_TIMESTAMP() FROM patients WHERE id = ${pid}`);
  const request = sqlValue(`SELECT id FROM appointment_requests WHERE patient_id = ${pid}`);
  const context = await run.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await signIn(context, 'nurse@riverside.example');
  await page.click('nav a[href="/riverside/staff/schedule"]');
  await page.waitForURL('**/riverside/staff/schedule');
  const lang = await page.getAttribute('html', 'lang');
  await checkPage(page, `schedule (${lang})`);
  for (const path of ['requests', 'hours', 'exceptions', 'checkins']) {
    await page.goto(`${BASE}/riverside/staff/schedule/${path}`);
    await checkPage(page, `schedule ${path}`);
  }
  await page.goto(`${BASE}/riverside/staff/schedule/requests/${request}`);
  assert.ok((await page.textContent('main')).includes('A first visit, please.'));
  await checkPage(page, 'a request');
  await context.close();
});
