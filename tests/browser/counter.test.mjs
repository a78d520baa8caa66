// A promise at the counter on a phone (issue 16, Must show 2): on the demo
// workspace an admin adds a standard promise and a customer (set-up through
// the API); then the demo employee (sanne@beleving.example) opens
// /promises/counter at 390x844, searches the customer, and records the
// promise: the taps (clicks) from the search results to the recorded promise
// are counted and must be at most three (customer, standard, submit).
// axe-core finds no violation (of any impact) on the search page and on
// the pick page; neither is wider than the phone
// (document.scrollingElement.scrollWidth <= 390). The promise is then read
// back through the API: the standard's type, the customer, sanne's
// employee. Screenshots go to $BELEVING_BUILD/screenshots/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { SHOTS, check, fail, finish, login, startServer } from './harness.mjs';

const WIDTH = 390, HEIGHT = 844;
const AXE = new URL('./node_modules/axe-core/axe.min.js', import.meta.url).pathname;

// axe-core on the current page: no violation at all (of any impact).
async function axe(page, name) {
  await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  check(`axe: no violations on ${name}`, res.length === 0, res.join('\n  '));
}

// A JSON API call with the page's session cookie and CSRF token.
async function api(page, base, method, path, data) {
  const token = await page.locator('main').getAttribute('data-csrf');
  const resp = await page.request.fetch(base + path, {
    method, headers: { 'X-CSRF-Token': token, 'Content-Type': 'application/json' },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  return { status: resp.status(), body: await resp.json().catch(() => null) };
}

async function width(page) {
  return page.evaluate(() => document.scrollingElement.scrollWidth);
}

const dir = mkdtempSync(join(tmpdir(), 'beleving-counter-'));
let server, browser;
try {
  server = await startServer('demo', dir);
  const { base } = server;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });

  // --- set-up as the admin: a standard promise and a customer with an address
  const actx = await browser.newContext({ bypassCSP: true });
  const admin = await actx.newPage();
  await login(admin, base, 'demo@beleving.example');
  await admin.goto(base + '/overview');
  let r = await api(admin, base, 'GET', '/api/v1/touchpoints?limit=1');
  check('set-up: the demo has a touchpoint', r.status === 200 && r.body.touchpoints.length === 1, JSON.stringify(r.body));
  const touchpoint = r.body.touchpoints[0].key;
  r = await api(admin, base, 'POST', '/api/v1/promises/standards', {
    key: 'browser-bellen', touchpoint, text: 'Wij bellen u vandaag nog terug', due_after_hours: 4,
    kept_by: { channel: 'phone' },
  });
  check('set-up: a standard promise', r.status === 201, JSON.stringify(r.body));
  r = await api(admin, base, 'POST', '/api/v1/customers', {
    key: 'browser-klant', name: 'Femke Balietest', email: 'femke@example.nl', language: 'nl',
  });
  check('set-up: a customer', r.status === 201, JSON.stringify(r.body));

  // --- the employee at the counter, on a phone
  const ctx = await browser.newContext({
    bypassCSP: true, viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1, isMobile: true, hasTouch: true,
  });
  const page = await ctx.newPage();
  await login(page, base, 'sanne@beleving.example');
  await page.goto(base + '/promises/counter');
  check('the employee opens the counter', (await page.locator('#counter-q').count()) === 1);
  check(`search page no wider than ${WIDTH} px`, (await width(page)) <= WIDTH, `${await width(page)}`);
  await axe(page, 'the counter search page (390 px)');
  await page.fill('#counter-q', 'balietest');
  await Promise.all([page.waitForNavigation(), page.press('#counter-q', 'Enter')]);
  check('the search finds the customer', (await page.locator('#counter-hits a').count()) === 1);
  check(`search results no wider than ${WIDTH} px`, (await width(page)) <= WIDTH, `${await width(page)}`);
  await page.screenshot({ path: join(SHOTS, 'counter-search.png'), fullPage: true });

  // From here every click is a tap the person makes.
  let taps = 0;
  const tap = async (locator) => {
    taps++;
    await Promise.all([page.waitForNavigation(), locator.click()]);
  };
  await tap(page.locator('#counter-hits a').first());
  check('the pick page names the customer', (await page.locator('main h2').first().innerText()).includes('Femke Balietest'));
  check(`pick page no wider than ${WIDTH} px`, (await width(page)) <= WIDTH, `${await width(page)}`);
  await axe(page, 'the counter pick page (390 px)');
  await tap(page.locator('#counter-standards a', { hasText: 'Wij bellen u vandaag nog terug' }));
  check('the standard is chosen', (await page.locator('#counter-standards a[aria-current]').innerText()).includes('vandaag'));
  check('the text is preset from the standard',
    (await page.inputValue('#counter-text')) === 'Wij bellen u vandaag nog terug');
  check('the due time is preset', /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(await page.inputValue('#counter-due')));
  check('e-mail to the customer is checked (she has an address)', await page.isChecked('input[name=email]'));
  await page.screenshot({ path: join(SHOTS, 'counter-pick.png'), fullPage: true });
  await axe(page, 'the counter pick page with a standard chosen (390 px)');
  await tap(page.locator('#counter-make button[type=submit]'));
  check('the promise is recorded', (await page.locator('#counter-done').innerText()).includes('Belofte vastgelegd'));
  check(`at most three taps after finding the customer (${taps})`, taps <= 3, `${taps} taps`);
  check(`confirmation no wider than ${WIDTH} px`, (await width(page)) <= WIDTH, `${await width(page)}`);
  await page.screenshot({ path: join(SHOTS, 'counter-done.png'), fullPage: true });

  r = await api(admin, base, 'GET', '/api/v1/promises?limit=1000');
  const made = r.body.promises.filter((p) => p.customer === 'browser-klant');
  check('one promise for the customer, of the standard, by sanne',
    made.length === 1 && made[0].type === 'browser-bellen' && made[0].employee !== null &&
    made[0].text === 'Wij bellen u vandaag nog terug', JSON.stringify(made));
  await ctx.close();
  await actx.close();
} catch (e) {
  fail(e);
} finally {
  if (browser) await browser.close();
  if (server) server.proc.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
finish();
