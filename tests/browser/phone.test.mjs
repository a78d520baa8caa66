// Every page on a phone (issue 13, point 6): on the demo workspace, each
// role (admin, consultant, manager, employee) opens every dashboard page it
// may open, and a visitor opens the public pages (login, a survey link, the
// complaint form), at 390x844; no page is wider than the viewport
// (document.documentElement.scrollWidth <= 390). A screenshot of each goes
// to build/screenshots/<role>-<page>.png. At 360x740 the survey's 0-10 scale
// stays on one row (all 11 answers share the same offsetTop).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BIN, SHOTS, check, fail, finish, login, startServer } from './harness.mjs';

const WIDTH = 390, HEIGHT = 844;
const ROLES = [
  ['admin', 'demo@beleving.example'],
  ['consultant', 'consultant@beleving.example'],
  ['manager', 'manager@beleving.example'],
  ['employee', 'sanne@beleving.example'],
];
// The dashboard's pages; `from` names the list page whose first link opens
// the detail page (a moment, a team, a person, a case, a survey).
const PAGES = [
  ['overview', '/overview'],
  ['moments', '/moments'],
  ['moment', null, '/moments', 'table.data tbody a[href^="/moments/"]'],
  ['teams', '/teams'],
  ['team', null, '/teams', 'a[href^="/teams/"]'],
  ['person', null, '/teams', 'a[href^="/people/"]'],
  ['me', '/me'],
  ['comments', '/comments?days=365'],
  ['cases', '/cases'],
  ['case', null, '/cases', 'a[href^="/cases/"]'],
  ['promises', '/promises'],
  ['surveys', '/surveys'],
  ['survey', null, '/surveys', 'a[href^="/surveys/"]'],
  ['settings', '/settings'],
];
// What each role must be able to open (the rest it may be refused).
const MUST = {
  admin: PAGES.map(([n]) => n),
  consultant: ['overview', 'moments', 'moment', 'teams', 'team', 'person', 'comments', 'cases', 'surveys'],
  manager: ['overview', 'moments', 'moment', 'teams', 'team', 'person', 'comments', 'cases'],
  employee: ['me'],
};

// Opens `path`, and when it is shown (200) checks its width and saves a
// screenshot; returns the HTTP status.
async function measure(page, base, path, name) {
  const resp = await page.goto(base + path, { waitUntil: 'load' });
  const status = resp ? resp.status() : 0;
  if (status !== 200) return status;
  await page.waitForTimeout(50);  // charts draw on load
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  let culprit = '';
  if (w > WIDTH) {
    culprit = await page.evaluate((max) => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > max + 0.5)
      .slice(0, 4).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).join(', '), WIDTH);
  }
  check(`${name} (${path}): no wider than ${WIDTH} px`, w <= WIDTH, `scrollWidth ${w}; ${culprit}`);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  return status;
}

const dir = mkdtempSync(join(tmpdir(), 'beleving-phone-'));
let server, browser;
try {
  server = await startServer('demo', dir);
  const { base } = server;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const phone = { viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };

  for (const [role, email] of ROLES) {
    const ctx = await browser.newContext(phone);
    const page = await ctx.newPage();
    await login(page, base, email);
    const opened = [];
    for (const [name, path, from, selector] of PAGES) {
      let target = path;
      if (!target) {
        const r = await page.goto(base + from);
        if (r.status() !== 200) continue;
        const link = page.locator(selector).first();
        if ((await link.count()) === 0) continue;
        target = await link.getAttribute('href');
      }
      const status = await measure(page, base, target, `${role}-${name}`);
      check(`${role}-${name}: shown or refused (${status})`, [200, 403, 404].includes(status));
      if (status === 200) opened.push(name);
    }
    const missing = MUST[role].filter((n) => !opened.includes(n));
    check(`${role} opened every page of the role`, missing.length === 0, `missing: ${missing.join(', ')}`);
    await ctx.close();
  }

  // The public pages: the login form, a personal survey link, the complaint form.
  const ctx = await browser.newContext(phone);
  const page = await ctx.newPage();
  check('public-login shown', (await measure(page, base, '/login', 'public-login')) === 200);
  const url = execFileSync(BIN, ['invite', 'create', '--data', dir, '--org', 'autohuis-van-dijk', '--survey', 'nps',
    '--customer', 'k10001', '--public-url', base], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    .trim().split('\n').pop();
  check('invite create prints a survey link', url.startsWith(base + '/s/'), url);
  const link = url.slice(base.length);
  check('public-survey shown', (await measure(page, base, link, 'public-survey')) === 200);
  check('public-complaint shown',
    (await measure(page, base, '/complaints/autohuis-van-dijk', 'public-complaint')) === 200);

  // The 0-10 scale on one row on a small phone.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(base + link);
  const tops = await page.locator('input[name=nps]').evaluateAll((inputs) =>
    inputs.map((i) => (i.closest('label') || i.nextElementSibling || i).offsetTop));
  check('survey at 360 px: 11 answers on the 0-10 scale', tops.length === 11, String(tops.length));
  check('survey at 360 px: the 0-10 scale on one row', tops.length === 11 && tops.every((t) => t === tops[0]),
    tops.join(','));
  const heights = await page.locator('.opt span').evaluateAll((spans) => spans.map((s) => s.offsetHeight));
  check('survey at 360 px: no answer wraps (all the same height)',
    heights.length >= 11 && heights.every((h) => h === heights[0]), heights.join(','));
  const w360 = await page.evaluate(() => document.documentElement.scrollWidth);
  check('survey at 360 px: no wider than the viewport', w360 <= 360, String(w360));
  await page.screenshot({ path: join(SHOTS, 'public-survey-360.png'), fullPage: true });
  await ctx.close();
} catch (e) {
  fail(e);
} finally {
  if (browser) await browser.close();
  if (server) server.proc.kill();
  rmSync(dir, { recursive: true, force: true });
}
finish();
