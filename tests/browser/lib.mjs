// Helpers of the browser tests: Debian's Chromium driven by playwright-core
// (never a downloaded browser), a phone-sized context, sign-in, the page
// check every page of a journey gets (axe-core, and no sideways scrolling on
// a 320 px screen), and small files to upload.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const BASE = process.env.PORTAL_URL;
export const PASSWORD = 'demo-portal-2026';

// Without the background-networking flags Chromium keeps trying hosts this
// closed network refuses.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// One browser for the test file, and a scratch directory for uploads:
//   const run = useBrowser();  ...  run.browser, run.dir
export function useBrowser() {
  const run = { browser: null, dir: null };
  before(async () => {
    run.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    run.dir = mkdtempSync(join(tmpdir(), 'portal-browser-'));
  });
  after(async () => {
    await run.browser?.close();
    if (run.dir) rmSync(run.dir, { recursive: true, force: true });
  });
  return run;
}

// A small phone, 320 px wide, as older patients often have.
export function phone(browser) {
  return browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
}

// Signs in on a new page of the context; lands on home or the staff start page.
export async function signIn(context, email, { clinic = 'riverside', lang } = {}) {
  const page = await context.newPage();
  await page.goto(`${BASE}/${clinic}/login${lang ? `?lang=${lang}` : ''}`);
  await page.fill('#username', email);
  await page.fill('#password', PASSWORD);
  await page.click('form.stack button[type=submit]');
  await page.waitForURL(/\/(home|staff)$/);
  return page;
}

// A user's language is a stored preference: switch to lang when it differs.
export async function useLanguage(page, lang) {
  if ((await page.getAttribute('html', 'lang')) !== lang) {
    const url = page.url();
    await page.click(`header button[value=${lang}]`);
    await page.waitForURL(url);
  }
}

// axe-core finds no violation, and the page is no wider than the screen.
export async function checkPage(page, what) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `axe-core on ${what}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what}: ${overflow}px wider than the screen`);
}

// Clicks what selector finds, then checks the page that shows.
export async function clickAndCheck(page, selector, what) {
  await page.click(selector);
  await checkPage(page, what);
}

// A 1x1 PNG named name in dir, for upload fields (its content says PNG).
export function tinyPng(dir, name) {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea73581e40000000049454e44ae426082', 'hex'));
  return path;
}
