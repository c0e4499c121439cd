// The enrolment journey in headless Chromium (Debian's), in English and in
// Spanish: staff sign in, register a patient, issue an activation code and
// read the letter; the patient activates, signs in and lands on home.
// axe-core checks every page on the way, and the pages must fit a 320 px
// wide phone without sideways scrolling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PASSWORD, useBrowser, phone, signIn, useLanguage, checkPage } from './lib.mjs';

const run = useBrowser();

async function journey(lang) {
  const t = {
    en: { title: 'Find a patient', register: 'Register patient', issue: 'Issue an activation code', activate: 'Activate my account', signIn: 'Sign in', hello: 'Hello, ' },
    es: { title: 'Buscar paciente', register: 'Registrar paciente', issue: 'Emitir un código de activación', activate: 'Activar mi cuenta', signIn: 'Iniciar sesión', hello: 'Hola, ' },
  }[lang];
  const first = lang === 'en' ? 'Grace' : 'Lucía';
  const last = `Browser${lang.toUpperCase()}${process.pid}`;
  const dob = '1972-08-09';

  // Staff, on a laptop, working in the language of the test.
  const staffContext = await run.browser.newContext();
  const login = await staffContext.newPage();
  await login.goto(`${BASE}/riverside/login?lang=${lang}`);
  await checkPage(login, `login (${lang})`);
  await login.close();
  const staff = await signIn(staffContext, 'nurse@riverside.example', { lang });
  await useLanguage(staff, lang);
  assert.equal(await staff.textContent('h1'), t.title);
  await checkPage(staff, `staff search (${lang})`);

  await staff.goto(`${BASE}/riverside/staff/patients/new`);
  await checkPage(staff, `register form (${lang})`);
  await staff.fill('#first_name', first);
  await staff.fill('#last_name', last);
  await staff.fill('#dob', dob);
  await staff.check(`input[name=sex][value=female]`);
  await staff.check(`input[name=lang][value=${lang}]`);
  await staff.click(`button:has-text("${t.register}")`);
  await staff.waitForURL(/\/riverside\/staff\/patients\/\d+\?registered=1$/);
  await checkPage(staff, `chart (${lang})`);
  await staff.click(`button:has-text("${t.issue}")`);
  await staff.waitForSelector('#activation-code');
  await checkPage(staff, `letter (${lang})`);
  const code = (await staff.textContent('#activation-code')).trim();
  const letterUrl = (await staff.textContent('.letter .url')).trim();
  assert.equal(await staff.getAttribute('.letter', 'lang'), lang, 'the letter is in the patient\'s language');
  assert.ok(letterUrl.endsWith(`/riverside/activate?lang=${lang}`));

  // The patient, on a phone, follows the letter.
  const patientContext = await phone(run.browser);
  const patient = await patientContext.newPage();
  await patient.goto(letterUrl.replace(/^https?:\/\/[^/]+/, BASE));
  assert.equal(await patient.getAttribute('html', 'lang'), lang);
  await checkPage(patient, `activation form (${lang})`);
  // A wrong birth date first: the error is announced and linked to the field.
  await patient.fill('#code', code);
  await patient.fill('#dob', '1972-08-10');
  const email = `${lang}.${process.pid}@example.org`;
  await patient.fill('#email', email);
  await patient.fill('#password', 'blue heron over the lake');
  await patient.fill('#password2', 'blue heron over the lake');
  await patient.click(`button:has-text("${t.activate}")`);
  await patient.waitForSelector('.errors[role=alert]');
  await checkPage(patient, `activation error (${lang})`);
  await patient.fill('#dob', dob);
  await patient.fill('#password', 'blue heron over the lake');
  await patient.fill('#password2', 'blue heron over the lake');
  await patient.click(`button:has-text("${t.activate}")`);
  await patient.waitForURL(`**/riverside/login?activated=1&lang=${lang}`);
  await checkPage(patient, `login after activation (${lang})`);
  await patient.fill('#username', email);
  await patient.fill('#password', 'blue heron over the lake');
  await patient.click(`button:has-text("${t.signIn}")`);
  await patient.waitForURL('**/riverside/home');
  assert.equal(await patient.textContent('h1'), `${t.hello}${first}`);
  assert.equal(await patient.getAttribute('html', 'lang'), lang);
  await checkPage(patient, `home (${lang})`);

  await staffContext.close();
  await patientContext.close();
}

test('enrolment journey in English', async () => {
  await journey('en');
});

test('enrolment journey in Spanish', async () => {
  await journey('es');
});

test('demo patients: home, an appointment, and the other pages pass axe in both languages', async () => {
  const context = await phone(run.browser);
  const page = await context.newPage();
  for (const path of ['/riverside/forgot-username', '/riverside/activate', '/riverside/no-such-page',
    '/valle/login', '/riverside/forgot-username?lang=es']) {
    await page.goto(BASE + path);
    await checkPage(page, path);
  }
  await page.goto(`${BASE}/riverside/login`);
  await page.fill('#username', 'maria@riverside.example');
  await page.fill('#password', PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL('**/riverside/home');
  await checkPage(page, 'home with data (en)');
  await page.click('a:has-text("See the details of this appointment")');
  await page.waitForURL(/\/riverside\/appointments\/\d+$/);
  await checkPage(page, 'appointment (en)');
  await page.click('header button[value=es]');
  await page.waitForURL(/\/riverside\/appointments\/\d+$/);
  assert.equal(await page.textContent('h1'), 'Cita');
  await checkPage(page, 'appointment (es)');
  await page.goto(`${BASE}/riverside/home`);
  await checkPage(page, 'home with data (es)');
  await page.click('header button[value=en]');
  await page.click('header button:has-text("Sign out")');
  await page.waitForURL('**/riverside/login?signed_out=1&lang=en');
  await checkPage(page, 'signed out');
  await context.close();
});

test('every page works without JavaScript', async () => {
  const context = await run.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}/valle/login`);
  await page.fill('#username', 'rosa@valle.example');
  await page.fill('#password', PASSWORD);
  await page.click('button:has-text("Iniciar sesión")');
  await page.waitForURL('**/valle/home');
  assert.equal(await page.textContent('h1'), 'Hola, Rosa');
  await context.close();
});
