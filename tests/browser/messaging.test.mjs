// Messaging in headless Chromium: a patient sends a message with an
// attachment from a phone, staff reply from the inbox, the patient sees the
// reply. axe-core checks every page on the way, in English and Spanish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, useBrowser, phone, signIn, useLanguage, checkPage, clickAndCheck, tinyPng } from './lib.mjs';

const run = useBrowser();

test('a patient sends a message with an attachment, staff reply, the patient reads the reply', async () => {
  const photo = tinyPng(run.dir, 'rash-photo.png');
  const subject = `Rash on my arm ${process.pid}`;

  const mobile = await phone(run.browser);
  const patient = await signIn(mobile, 'maria@riverside.example');
  await useLanguage(patient, 'en');
  await patient.click('nav a[href="/riverside/messages"]');
  await patient.waitForURL('**/riverside/messages');
  await checkPage(patient, 'inbox (en)');
  await clickAndCheck(patient, 'a:has-text("Write a new message")', 'compose (en)');
  assert.ok((await patient.textContent('.expect')).includes('If this is an emergency, call 911.'));
  await patient.selectOption('#topic', 'medical');
  await patient.fill('#subject', subject);
  await patient.fill('#body', 'It started two days ago and itches. A photo is attached.');
  await patient.setInputFiles('#attachment', photo);
  await patient.click('button:has-text("Send message")');
  await patient.waitForURL(/\/riverside\/messages\/\d+\?sent=1$/);
  await checkPage(patient, 'thread after sending (en)');
  assert.ok((await patient.textContent('.notice')).includes('Your message was sent'));
  const threadUrl = patient.url().replace(/\?sent=1$/, '');

  const desk = await run.browser.newContext();
  const staff = await signIn(desk, 'nurse@riverside.example');
  await useLanguage(staff, 'en');
  await staff.click('nav a[href="/riverside/staff/messages"]');
  await staff.waitForURL('**/riverside/staff/messages');
  await checkPage(staff, 'staff inbox');
  await staff.click(`a:has-text("${subject}")`);
  await staff.waitForURL(/\/riverside\/staff\/messages\/\d+$/);
  await checkPage(staff, 'staff thread');
  assert.ok((await staff.textContent('.files')).includes('rash-photo.png'));
  await staff.click('a:has-text("We received it")');
  await staff.waitForURL(/template=received/);
  assert.match(await staff.inputValue('#body'), /^Hola Maria/, "the template in the patient's language");
  await staff.fill('#body', 'Thank you Maria. Please use the hydrocortisone cream twice a day; we will call you tomorrow.');
  await staff.click('button:has-text("Send reply")');
  await staff.waitForURL(/done=replied$/);
  assert.ok((await staff.textContent('.notice')).includes('Your reply was sent'));

  await patient.goto(threadUrl);
  assert.ok((await patient.textContent('ol.conversation')).includes('we will call you tomorrow'));
  await checkPage(patient, 'thread with the reply (en)');
  // The same pages in Spanish.
  await patient.click('header button[value=es]');
  await patient.waitForURL(threadUrl);
  await checkPage(patient, 'thread (es)');
  await patient.goto(`${BASE}/riverside/messages/new`);
  assert.equal(await patient.textContent('h1'), 'Mensaje nuevo');
  await checkPage(patient, 'compose (es)');
  await patient.goto(`${BASE}/riverside/account/notifications`);
  await checkPage(patient, 'notification settings (es)');
  await patient.click('header button[value=en]');
  await mobile.close();
  await desk.close();
});

test('an urgent message: the patient sees what to do before sending, and the notice passes axe', async () => {
  const context = await phone(run.browser);
  const page = await signIn(context, 'rosa@valle.example', { clinic: 'valle' });
  await useLanguage(page, 'es');
  await page.goto(`${BASE}/valle/messages/new`);
  await page.selectOption('#topic', 'medical');
  await page.fill('#subject', 'Ayuda');
  await page.fill('#body', 'Tengo dolor de pecho desde hace una hora.');
  await page.click('button:has-text("Enviar mensaje")');
  await page.waitForSelector('.urgent');
  assert.ok((await page.textContent('.urgent')).includes('llame al 911'));
  await checkPage(page, 'urgent notice (es)');
  await page.click('button:has-text("Enviar mi mensaje")');
  await page.waitForURL(/\/valle\/messages\/\d+\?sent=1$/);
  assert.ok((await page.textContent('.urgent')).includes('llame al 911'), 'and after sending');
  await context.close();
});
