// The dashboard in a real browser: log in as the demo admin, read the
// overview, moments, teams, a team, an employee, comments and the work
// pages, switch to English; an employee sees only their own feedback; one
// organisation cannot reach another's pages by editing ids; axe-core finds
// no serious or critical violation; the CSP holds (no inline script/style).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { SHOTS, axe, check, fail, finish, login, startServer } from './harness.mjs';

const timings = [];

async function visit(page, base, path, name, { status = 200, shot = true, a11y = true } = {}) {
  const t0 = Date.now();
  const resp = await page.goto(base + path, { waitUntil: 'load' });
  const ms = Date.now() - t0;
  const fcp = await page.evaluate(() => {
    const e = performance.getEntriesByName('first-contentful-paint')[0];
    return e ? Math.round(e.startTime) : -1;
  });
  timings.push([name, ms, fcp]);
  check(`${name}: HTTP ${status}`, resp && resp.status() === status, `got ${resp && resp.status()}`);
  if (shot) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  if (a11y && status === 200) await axe(page, name);
  return resp;
}

const dir = mkdtempSync(join(tmpdir(), 'beleving-web-'));
let server, browser, resp;
try {
  server = await startServer('demo', dir);
  const { base } = server;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });

  // A strict context (CSP enforced) to prove pages need no inline script or style.
  const strict = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const sp = await strict.newPage();
  const cspErrors = [];
  sp.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  let r = await sp.goto(base + '/overview');
  check('no session: /overview redirects to /login', sp.url().startsWith(base + '/login'), sp.url());
  await visit(sp, base, '/login', 'login', { a11y: false });
  await login(sp, base, 'demo@beleving.example');
  check('admin lands on the overview', sp.url().endsWith('/overview'), sp.url());
  await sp.waitForSelector('.chart canvas', { timeout: 5000 }).catch(() => {});
  check('overview trend chart drawn by uPlot', (await sp.locator('.chart canvas').count()) > 0);
  // The chart speaks the page's language: hovering it names the period with
  // the catalogue's Dutch month name (data-months), not the browser's.
  const periodOnHover = async (p) => {
    const box = await p.locator('.chart .u-over').first().boundingBox();
    if (!box) return '';
    await p.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    return (await p.locator('.chart .u-legend .u-series').first().locator('.u-value').innerText()).trim();
  };
  const nlPeriod = await periodOnHover(sp);
  check('trend chart names the period in Dutch',
    /^(jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) 20\d\d$/.test(nlPeriod), nlPeriod);
  await sp.goto(base + '/overview?lang=en');
  await sp.waitForSelector('.chart canvas', { timeout: 5000 }).catch(() => {});
  const enPeriod = await periodOnHover(sp);
  check('trend chart names the period in English',
    /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d$/.test(enPeriod), enPeriod);
  await sp.goto(base + '/overview?lang=nl');
  for (const p of ['/moments', '/teams', '/comments', '/surveys', '/settings']) await sp.goto(base + p);
  check('CSP: no violations on any page', cspErrors.length === 0, cspErrors.slice(0, 3).join('\n'));
  await strict.close();

  // axe-core is injected as an inline script, so this context bypasses the CSP.
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1360, height: 900 } });
  const page = await ctx.newPage();
  await login(page, base, 'demo@beleving.example');
  await visit(page, base, '/overview', 'overview');
  const heroText = await page.locator('.card.hero').first().innerText();
  check('overview shows NPS with its 95% interval', /NPS/.test(heroText) && /interval/i.test(heroText), heroText);
  check('overview shows share of 10s and response rate',
    (await page.getByText("Aandeel 10'en").count()) > 0 && (await page.getByText('Respons').count()) > 0);
  check('overview heat map has cells with counts', (await page.locator('table.heat td .n').count()) > 3);
  check('overview lists biggest movers', (await page.locator('ul.movers li').count()) > 0);
  check('overview shows open cases and promises (or what is coming)',
    (await page.getByRole('heading', { name: 'Open cases' }).count()) === 1);
  await visit(page, base, '/overview?period=week', 'overview-weekly', { a11y: false });

  await visit(page, base, '/moments', 'moments');
  const momentHref = await page.locator('table.data tbody a').first().getAttribute('href');
  await visit(page, base, momentHref, 'moment');
  check('moment page shows the 0-10 distribution', (await page.locator('svg.dist rect').count()) === 11);
  check('moment page shows drivers', (await page.getByText('Wat de score drijft').count()) === 1);

  await visit(page, base, '/teams', 'teams');
  const ranks = await page.locator('.rank').count();
  check('teams page ranks teams and people', ranks > 3, `${ranks} ranks`);
  const teamLink = page.locator('table.data tbody th a[href^="/teams/"]').first();
  const teamHref = await teamLink.getAttribute('href');
  await visit(page, base, teamHref, 'team');
  check('team page shows consistency', (await page.getByRole('heading', { name: 'Constantheid' }).count()) === 1);
  const personHref = await page.locator('a[href^="/people/"]').first().getAttribute('href');
  await visit(page, base, personHref, 'employee');
  check('employee page shows feedback and compliments',
    (await page.getByRole('heading', { name: 'Feedback' }).count()) === 1 &&
    (await page.getByRole('heading', { name: 'Complimenten' }).count()) === 1);

  await visit(page, base, '/comments?band=detractor&days=365', 'comments');
  const scores = await page.locator('article.comment .score').allInnerTexts();
  check('comments filter: detractors only', scores.length > 0 && scores.every((s) => +s <= 6), scores.slice(0, 5).join(','));
  check('comments show sentiment', (await page.locator('article.comment .sent').count()) > 0);
  await visit(page, base, '/comments?q=wacht&days=365', 'comments-search', { shot: false, a11y: false });
  const texts = await page.locator('article.comment p').allInnerTexts();
  check('comments text search', texts.length > 0 && texts.every((t) => /wacht/i.test(t)), texts.slice(0, 2).join(' | '));
  for (const [p, n] of [['/cases', 'cases'], ['/promises', 'promises'], ['/surveys', 'surveys'], ['/settings', 'settings']]) {
    await visit(page, base, p, n);
  }
  const surveyLink = page.locator('a[href^="/surveys/"]');
  await visit(page, base, '/surveys', 'surveys', { shot: false, a11y: false });
  if ((await surveyLink.count()) > 0) {
    const surveyHref = await surveyLink.first().getAttribute('href');
    await visit(page, base, surveyHref, 'survey');
    await page.fill('#q0-en', 'How likely are you to recommend us? (edited)');
    await page.click('#survey-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('survey-status').textContent.length > 0);
    const saved = await page.locator('#survey-status').innerText();
    check('survey edit saved through the API (PUT)', saved === 'Opgeslagen.', saved);
    await page.goto(base + surveyHref);
    check('survey edit persisted', (await page.inputValue('#q0-en')) === 'How likely are you to recommend us? (edited)');
  }

  // Create and revoke an API key through the settings forms.
  await page.goto(base + '/settings');
  await page.fill('#k-name', 'browser test');
  await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
  check('settings: a new API key is shown once', /blv_/.test(await page.locator('code.key').innerText()));

  // English.
  await page.goto(base + '/overview');
  await Promise.all([page.waitForNavigation(), page.click('header a.lang')]);
  check('language switch: English', (await page.locator('html').getAttribute('lang')) === 'en' &&
    (await page.locator('h1').innerText()) === 'Overview');
  await visit(page, base, '/teams', 'teams-en');
  check('English sticks (cookie)', (await page.locator('h1').innerText()) === 'Teams and people');
  await page.goto(base + '/overview?lang=nl');

  // Another organisation's ids, read as the consultant (who is in all three).
  const cctx = await browser.newContext({ bypassCSP: true });
  const cp = await cctx.newPage();
  await login(cp, base, 'consultant@beleving.example');
  const orgs = await cp.locator('#org-switch option').allInnerTexts();
  check('consultant sees three organisations', orgs.length === 3, orgs.join(','));
  const adminOrg = await page.locator('.brand .org').innerText();
  const other = (await cp.locator('#org-switch option').evaluateAll((os) => os.map((o) => [o.value, o.textContent])))
    .find(([, name]) => name !== adminOrg);
  await Promise.all([cp.waitForNavigation(), cp.selectOption('#org-switch', other[0])]);
  check('consultant switched organisation', (await cp.locator('.brand .org').innerText()) === other[1],
    await cp.locator('.brand .org').innerText());
  await cp.goto(base + '/teams');
  const foreignTeam = await cp.locator('a[href^="/teams/"]').first().getAttribute('href');
  const foreignTeamName = await cp.locator('a[href^="/teams/"]').first().innerText();
  const foreignPerson = await cp.locator('a[href^="/people/"]').first().getAttribute('href');
  await cp.goto(base + '/moments');
  const foreignMoment = await cp.locator('table.data tbody a').first().getAttribute('href');
  for (const [p, n] of [[foreignTeam, 'team'], [foreignPerson, 'employee'], [foreignMoment, 'moment']]) {
    const resp = await page.goto(base + p);
    check(`another org's ${n} (${p}) is 404`, resp.status() === 404, `got ${resp.status()}`);
  }
  const tid = foreignTeam.split('/').pop();
  await page.goto(base + `/comments?team=${tid}&days=365`);
  check("another org's team id in a filter leaks nothing",
    !(await page.content()).includes(`>${foreignTeamName}<`));
  await cctx.close();

  // A team manager sees only their own teams.
  const mctx = await browser.newContext({ bypassCSP: true });
  const mp = await mctx.newPage();
  await login(mp, base, 'manager@beleving.example');
  await mp.goto(base + '/teams');
  const managerTeams = await mp.locator('a[href^="/teams/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const allTeams = await page.goto(base + '/teams').then(() =>
    page.locator('a[href^="/teams/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))));
  check('manager sees only their teams', managerTeams.length > 0 && managerTeams.length < allTeams.length,
    `${managerTeams.length} of ${allTeams.length}`);
  const notTheirs = allTeams.find((t) => !managerTeams.includes(t));
  resp = await mp.goto(base + notTheirs);
  check(`manager gets 404 on another team ${notTheirs}`, resp.status() === 404, `got ${resp.status()}`);
  resp = await mp.goto(base + '/settings');
  check('manager gets 403 on settings', resp.status() === 403, `got ${resp.status()}`);
  await mctx.close();

  // The employee: only her own page.
  const ectx = await browser.newContext({ bypassCSP: true });
  const ep = await ectx.newPage();
  await login(ep, base, 'sanne@beleving.example');
  check('employee lands on her own page', /\/people\/\d+$/.test(ep.url()), ep.url());
  const own = ep.url().replace(base, '');
  await visit(ep, base, own, 'employee-self');
  check('employee sees her feedback', (await ep.getByRole('heading', { name: 'Feedback' }).count()) === 1);
  // Her feedback and, since issue 16, the counter (promises at the counter).
  check('employee menu has only her feedback and the counter',
    (await ep.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).join() ===
    '/me,/promises/counter');
  for (const p of ['/overview', '/teams', '/moments', '/comments', '/settings', teamHref]) {
    const resp = await ep.goto(base + p);
    check(`employee gets 403 on ${p}`, resp.status() === 403, `got ${resp.status()}`);
  }
  const otherPerson = personHref === own ? foreignPerson : personHref;
  resp = await ep.goto(base + otherPerson);
  check(`employee gets 404 on another employee ${otherPerson}`, resp.status() === 404, `got ${resp.status()}`);
  await ep.screenshot({ path: join(SHOTS, 'employee-forbidden.png') });

  // CSRF and logout.
  resp = await ep.request.post(base + '/logout', { form: { _csrf: 'wrong' }, maxRedirects: 0 });
  check('logout without the CSRF token is refused', resp.status() === 403, `got ${resp.status()}`);
  await ep.goto(base + own);
  await Promise.all([ep.waitForNavigation(), ep.click('header form[action="/logout"] button')]);
  await ep.goto(base + own);
  check('after logout pages redirect to /login', ep.url().includes('/login'), ep.url());
  await ectx.close();
  await ctx.close();

  console.log('page load / first contentful paint (ms): ' + timings.map(([n, t, f]) => `${n}=${t}/${f}`).join(' '));
} catch (e) {
  fail(e);
} finally {
  if (browser) await browser.close();
  if (server) server.proc.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
finish();
