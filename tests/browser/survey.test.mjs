// The public survey page in a real browser: a personal invitation link made
// with `beleving invite create` is opened in Chromium and answered with the
// keyboard and mouse; the stored response carries the interaction's employee
// and touchpoint; axe-core finds no serious or critical violation on the
// survey, thank-you and error pages; every page with its CSS is <= 30 KB.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BIN, SHOTS, axe, check, fail, finish, startServer } from './harness.mjs';

function cli(...args) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop();
}

let cssBytes = 0;
async function sizeOk(base, path, name) {
  const r = await fetch(base + path);
  const html = await r.text();
  const total = Buffer.byteLength(html) + cssBytes;
  check(`${name}: HTML + CSS <= 30 KB (${total} bytes)`, total <= 30 * 1024);
}

const dir = mkdtempSync(join(tmpdir(), 'beleving-survey-'));
const data = join(dir, 'data');
let server, ctx;
try {
  cli('org', 'create', '--data', data, '--slug', 'acme', '--name', 'Acme Verhuur');
  const admin = cli('apikey', 'create', '--data', data, '--org', 'acme', '--scopes', 'admin');
  const reader = cli('apikey', 'create', '--data', data, '--org', 'acme', '--scopes', 'ingest,read');
  server = await startServer('serve', data);
  const { base } = server;
  const api = async (method, path, key, body) => {
    const r = await fetch(base + path, {
      method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, json: await r.json().catch(() => null) };
  };
  let r = await api('POST', '/api/v1/customers', admin,
    { key: 'c42', name: 'Sanne', email: 'sanne@example.com', language: 'nl', consent: true });
  check('customer created', r.status === 201, JSON.stringify(r.json));
  r = await api('POST', '/api/v1/interactions', reader, { interactions: [{
    external_id: 'visit-1', occurred_at: '2026-11-23T09:30:00Z', customer: 'c42',
    touchpoint: 'balie', employee: 'e17', team: 'verhuur', location: 'utrecht' }] });
  check('interaction ingested', r.status === 200 || r.status === 201, JSON.stringify(r.json));
  r = await api('GET', '/api/v1/interactions', reader);
  const interaction = r.json.interactions.find((i) => i.external_id === 'visit-1');
  const url = cli('invite', 'create', '--data', data, '--org', 'acme', '--survey', 'nps',
    '--customer', 'c42', '--interaction', String(interaction.id), '--public-url', base);
  check('invite create prints the survey URL', url.startsWith(base + '/s/'), url);
  const path = url.slice(base.length);
  cssBytes = Buffer.byteLength(await (await fetch(base + '/s/assets/survey.css')).text());

  const userDataDir = mkdtempSync(join(dir, 'chromium-'));
  ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 390, height: 844 },
    bypassCSP: true,  // only so axe-core can be injected; the page itself needs no inline code
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  let resp = await page.goto(url);
  check('survey page: HTTP 200', resp.status() === 200, String(resp.status()));
  check('survey page is Dutch', (await page.getAttribute('html', 'lang')) === 'nl');
  check('0-10 scale is a fieldset with a legend',
    (await page.locator('fieldset legend').count()) === 1 && (await page.locator('input[name=nps]').count()) === 11);
  await page.screenshot({ path: join(SHOTS, 'survey-step1.png'), fullPage: true });
  await axe(page, 'survey step 1');
  await sizeOk(base, path, 'survey step 1');

  // Keyboard: focus the scale, move with the arrow keys, submit with Enter on the button.
  await page.focus('#q-nps-7');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  check('arrow keys choose 9', await page.isChecked('#q-nps-9'));
  const focusRing = await page.evaluate(() => {
    const span = document.activeElement.nextElementSibling;
    return getComputedStyle(span).outlineStyle;
  });
  check('focused option shows an outline', focusRing !== 'none', focusRing);
  await page.focus('button[type=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check('step 2 asks the promoter follow-up', (await page.content()).includes('Wat deden we vooral goed?'));
  await page.screenshot({ path: join(SHOTS, 'survey-step2.png'), fullPage: true });
  await axe(page, 'survey step 2');
  await sizeOk(base, path, 'survey step 2');
  await page.fill('#q-reason', 'Snel en vriendelijk geholpen');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check('thank-you page', (await page.content()).includes('Bedankt'));
  await page.screenshot({ path: join(SHOTS, 'survey-thanks.png'), fullPage: true });
  await axe(page, 'thank-you page');
  await sizeOk(base, path, 'thank-you page');

  // Back button and refresh: still the thank-you page, still one response.
  await page.goBack();
  await page.reload();
  check('back + refresh shows the thank-you page', (await page.content()).includes('Bedankt'));

  r = await api('GET', '/api/v1/responses', reader);
  const mine = r.json.responses.filter((x) => x.customer === 'c42');
  check('one stored response', mine.length === 1, JSON.stringify(r.json));
  check('response carries employee and touchpoint from the interaction',
    mine[0] && mine[0].employee === 'e17' && mine[0].touchpoint === 'balie' && mine[0].location === 'utrecht',
    JSON.stringify(mine[0]));
  check('response has score and follow-up', mine[0] && mine[0].answers.nps === 9 &&
    (mine[0].answers.comment || '').includes('Snel'), JSON.stringify(mine[0]));

  resp = await page.goto(base + '/s/' + 'x'.repeat(43), { waitUntil: 'load' });
  check('unknown link: HTTP 404 page', resp.status() === 404);
  await page.screenshot({ path: join(SHOTS, 'survey-unknown.png'), fullPage: true });
  await axe(page, 'error page');
  await sizeOk(base, '/s/' + 'x'.repeat(43), 'error page');

  const en = await ctx.newPage();
  await en.setExtraHTTPHeaders({ 'Accept-Language': 'en-GB,en;q=0.9' });
  resp = await en.goto(base + '/s/' + 'y'.repeat(43));
  check('error page follows Accept-Language', (await en.content()).includes('We cannot find this link'));
} catch (e) {
  fail(e);
} finally {
  if (ctx) await ctx.close();
  if (server) server.proc.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
finish();
