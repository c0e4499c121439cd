// Messaging in headless Chromium: a patient sends a message with an
// attachment from a phone, staff reply from the inbox, the patient sees the
// reply. axe-core checks every page on the way, in English and Spanish.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

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
  dir = mkdtempSync(join(tmpdir(), 'portal-upload-'));
});

after(async () => {
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

async function signIn(context, clinic, email) {
  const page = await context.newPage();
  await page.goto(`${BASE}/${clinic}/login`);
  await page.fill('#username', email);
  await page.fill('#password', PASSWORD);
  await page.click('form.stack button[type=submit]');
  await page.waitForURL(/\/(home|staff)$/);
  return page;
}

// A user's language is a stored preference: start from a known one.
async function useLanguage(page, lang) {
  if ((await page.getAttribute('html', 'lang')) !== lang) {
    const url = page.url();
    await page.click(`header button[value=${lang}]`);
    await page.waitForURL(url);
  }
}

test('a patient sends a message with an attachment, staff reply, the patient reads the reply', async () => {
  const photo = join(dir, 'rash-photo.png');
  writeFileSync(photo, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea73581e40000000049454e44ae426082', 'hex'));
  const subject = `Rash on my arm ${process.pid}`;

  const phone = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  const patient = await signIn(phone, 'riverside', 'maria@riverside.example');
  await useLanguage(patient, 'en');
  await patient.click('nav a[href="/riverside/messages"]');
  await patient.waitForURL('**/riverside/messages');
  await checkPage(patient, 'inbox (en)');
  await patient.click('a:has-text("Write a new message")');
  await checkPage(patient, 'compose (en)');
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

  const desk = await browser.newContext();
  const staff = await signIn(desk, 'riverside', 'nurse@riverside.example');
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
  await phone.close();
  await desk.close();
});

test('an urgent message: the patient sees what to do before sending, and the notice passes axe', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  const page = await signIn(context, 'valle', 'rosa@valle.example');
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
