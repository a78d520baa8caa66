// The dashboard's forms in a real browser: an admin moves a case along its
// status flow, adds a note, logs a contact, pauses it while waiting on the
// customer and sets its severity; marks a promise kept and renegotiates
// another; creates a user who can then log in; adds, inspects and removes a
// webhook; edits business hours and an SLA target; creates a survey and lands
// on its edit page. Bad input is refused with a message on the page and
// nothing is stored; a POST without the CSRF token is refused; a manager of
// one organisation cannot act on another organisation's case (or a case
// outside their teams) by editing the id; an employee cannot act on cases at
// all. axe-core finds no serious or critical violation on the pages with
// forms; screenshots go to $BELEVING_BUILD/screenshots/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { SHOTS, axe, check, fail, finish, login, startServer } from './harness.mjs';

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const csrfOf = (page) => page.locator('main').getAttribute('data-csrf');

// A JSON API call with the page's session cookie and CSRF token.
async function api(page, method, path, data) {
  const token = await csrfOf(page);
  const resp = await page.request.fetch(page.url().replace(/^(https?:\/\/[^/]+).*$/, '$1') + path, {
    method, headers: { 'X-CSRF-Token': token, 'Content-Type': 'application/json' },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  return { status: resp.status(), body: await resp.json().catch(() => null) };
}

// Submits a form (with the page's CSRF token unless `form._csrf` is given)
// without following the redirect.
async function post(page, base, path, form) {
  const f = { _csrf: await csrfOf(page), ...form };
  if (f._csrf === null) delete f._csrf;
  const resp = await page.request.post(base + path, { form: f, maxRedirects: 0 });
  return { status: resp.status(), text: await resp.text() };
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

const dir = mkdtempSync(join(tmpdir(), 'beleving-actions-'));
let server, browser;
try {
  server = await startServer('demo', dir);
  const { base } = server;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1360, height: 900 } });
  const page = await ctx.newPage();
  await login(page, base, 'demo@beleving.example');

  // --- a case: status, note, contact, waiting, severity
  let r = await api(page, 'POST', '/api/v1/cases',
    { title: 'Browsertest: auto niet op tijd klaar', team: 'werkplaats-utrecht', severity: 'normal' });
  check('set-up: a case in the manager\'s team', r.status === 201, JSON.stringify(r.body));
  const caseId = r.body.id;
  r = await api(page, 'POST', '/api/v1/cases', { title: 'Browsertest: zonder team' });
  const teamlessCaseId = r.body.id;
  await page.goto(`${base}/cases/${caseId}`);
  // The flow allows any later status up to responded in one step (loop/case_flow.h); closed waits for responded.
  check('case page offers only the allowed next statuses',
    (await page.locator('#cs-to option').evaluateAll((os) => os.map((o) => o.value))).join() === 'acknowledged,assessed,investigating,responded');
  await axe(page, 'case page with actions');
  await shot(page, 'case-actions');
  await page.selectOption('#cs-to', 'acknowledged');
  await page.fill('#cs-note', 'Gezien, we bellen vandaag.');
  await submit(page, '#case-status button[type=submit]');
  check('status change redirects back to the case', page.url() === `${base}/cases/${caseId}`, page.url());
  check('case is acknowledged', (await page.locator('#case-status h3').innerText()).includes('bevestigd'));
  check('next statuses now assessed, investigating or responded',
    (await page.locator('#cs-to option').evaluateAll((os) => os.map((o) => o.value))).join() === 'assessed,investigating,responded');
  await page.fill('#cn-text', 'Klant wil een leenauto.');
  await submit(page, '#case-note button[type=submit]');
  check('the note is in the history', (await page.locator('ol.log').innerText()).includes('Klant wil een leenauto.'));
  await page.selectOption('#cc-channel', 'phone');
  await page.fill('#cc-summary', 'Teruggebeld, afspraak gemaakt.');
  await submit(page, '#case-contact button[type=submit]');
  check('the contact is in the history', (await page.locator('ol.log').innerText()).includes('Teruggebeld, afspraak gemaakt.'));
  await submit(page, '#case-waiting button[type=submit]');
  check('case waits on the customer', (await page.locator('#case-waiting').innerText()).includes('Wacht sinds'));
  await submit(page, '#case-waiting button[type=submit]');
  check('case resumed', (await page.locator('#case-waiting').innerText()).includes('De SLA-klok loopt'));
  await page.selectOption('#cu-sev', 'high');
  await submit(page, '#case-update button[type=submit]');
  r = await api(page, 'GET', `/api/v1/cases/${caseId}`);
  check('case stored: acknowledged, high, note, contact',
    r.body.status === 'acknowledged' && r.body.severity === 'high' &&
    r.body.log.some((e) => e.kind === 'note') && r.body.log.some((e) => e.kind === 'contact'),
    JSON.stringify(r.body).slice(0, 300));
  const logLength = r.body.log.length;

  // Bad input: a message on the page, nothing stored.
  let res = await post(page, base, `/cases/${caseId}/notes`, { text: '   ' });
  check('empty note refused with a message (422)', res.status === 422 && res.text.includes('Schrijf een notitie'),
    `got ${res.status}`);
  res = await post(page, base, `/cases/${caseId}/status`, { status: 'closed' });
  check('a transition the flow does not allow is refused (422)',
    res.status === 422 && res.text.includes('De status kon niet veranderen'), `got ${res.status}`);
  res = await post(page, base, `/cases/${caseId}/notes`, { _csrf: null, text: 'zonder token' });
  check('a POST without the CSRF token is refused (403)', res.status === 403, `got ${res.status}`);
  res = await post(page, base, `/cases/${caseId}/notes`, { _csrf: 'wrong', text: 'verkeerd token' });
  check('a POST with a wrong CSRF token is refused (403)', res.status === 403, `got ${res.status}`);
  r = await api(page, 'GET', `/api/v1/cases/${caseId}`);
  check('refused forms stored nothing', r.body.log.length === logLength && r.body.status === 'acknowledged',
    `${r.body.log.length} vs ${logLength}`);
  await page.goto(`${base}/cases/${caseId}?lang=en`);
  check('case actions in English', (await page.locator('#case-status button').innerText()) === 'Change status');
  await page.goto(`${base}/cases/${caseId}?lang=nl`);

  // --- promises
  const due = new Date(Date.now() + 3 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  r = await api(page, 'POST', '/api/v1/promises', { text: 'Browsertest: offerte sturen', due_at: due });
  check('set-up: a promise', r.status === 201, JSON.stringify(r.body));
  const promiseId = r.body.id;
  r = await api(page, 'POST', '/api/v1/promises', { text: 'Browsertest: terugbellen', due_at: due });
  const promise2 = r.body.id;
  await page.goto(base + '/promises');
  await axe(page, 'promise board with actions');
  await shot(page, 'promises-actions');
  await submit(page, `form[action="/promises/${promiseId}/kept"] button`);
  check('promise board after kept', page.url() === base + '/promises', page.url());
  r = await api(page, 'GET', `/api/v1/promises/${promiseId}`);
  check('promise marked kept', r.body.status === 'kept', JSON.stringify(r.body));
  check('a kept promise leaves the board', (await page.locator(`form[action="/promises/${promiseId}/kept"]`).count()) === 0);
  res = await post(page, base, `/promises/${promise2}/renegotiate`, { due: '2001-01-01' });
  check('renegotiating to a past date is refused (422)', res.status === 422 && res.text.includes('in de toekomst'),
    `got ${res.status}`);
  const newDue = new Date(Date.now() + 10 * 86400e3).toISOString().slice(0, 10);
  await page.locator(`form[action="/promises/${promise2}/renegotiate"]`).evaluate((f) => f.closest('details').open = true);
  await page.fill(`#p${promise2}-due`, newDue);
  await submit(page, `form[action="/promises/${promise2}/renegotiate"] button`);
  r = await api(page, 'GET', `/api/v1/promises/${promise2}`);
  check('promise renegotiated to the new date', r.body.due_at.startsWith(newDue) && r.body.history.length === 1,
    JSON.stringify(r.body).slice(0, 300));

  // --- settings: a user who can log in
  await page.goto(base + '/settings');
  await axe(page, 'settings with forms');
  await shot(page, 'settings-forms');
  res = await post(page, base, '/settings/users',
    { email: 'kort@beleving.example', name: 'Kort Wachtwoord', role: 'manager', password: 'kort' });
  check('a too short password is refused with a message (422)',
    res.status === 422 && res.text.includes('minstens 10 tekens'), `got ${res.status}`);
  await page.fill('#u-email', 'nieuw@beleving.example');
  await page.fill('#u-name', 'Nina Nieuw');
  await page.selectOption('#u-role', 'manager');
  await page.fill('#u-password', 'nieuw-wachtwoord-1');
  await page.locator('#user-form input[name=team]').first().check();
  await submit(page, '#user-form button[type=submit]');
  check('the new user is listed', (await page.locator('#users table').innerText()).includes('nieuw@beleving.example'));
  check('the refused user was not created', !(await page.locator('#users table').innerText()).includes('kort@'));
  const nctx = await browser.newContext({ bypassCSP: true });
  const np = await nctx.newPage();
  await login(np, base, 'nieuw@beleving.example', 'nieuw-wachtwoord-1');
  check('the new user can log in', np.url().endsWith('/overview'), np.url());
  await nctx.close();

  // --- settings: webhook
  res = await post(page, base, '/settings/webhooks', { url: 'ftp://example.invalid/hook', format: 'json' });
  check('a non-http webhook URL is refused (422)', res.status === 422, `got ${res.status}`);
  await page.fill('#w-url', 'https://example.invalid/beleving-hook');
  await page.selectOption('#w-format', 'slack');
  await submit(page, '#webhook-form button[type=submit]');
  check('webhook added, secret shown once', (await page.locator('code.key').count()) === 1);
  check('webhook listed', (await page.locator('#webhooks table').innerText()).includes('https://example.invalid/beleving-hook'));
  check('only the valid webhook was stored', (await page.locator('#webhooks tbody tr').count()) === 1);
  const logHref = await page.locator('#webhooks a[href^="/settings/webhooks/"]').first().getAttribute('href');
  await page.goto(base + logHref);
  check('webhook delivery log page', (await page.locator('h2').first().innerText()) === 'Afleverlog');
  await axe(page, 'webhook delivery log');
  await shot(page, 'webhook-log');
  await page.goto(base + '/settings');
  await submit(page, '#webhooks form button.danger');
  check('webhook removed', (await page.locator('#webhooks table').count()) === 0);

  // --- settings: business hours and an SLA target
  res = await post(page, base, '/settings/calendar', { day: '1', start: '17:00', end: '09:00', holidays: '' });
  check('business hours ending before they start are refused (422)', res.status === 422, `got ${res.status}`);
  await page.uncheck('#calendar-form input[name=day][value="5"]');
  await page.fill('#cal-start', '09:00');
  await page.fill('#cal-end', '17:00');
  await page.fill('#cal-holidays', '2026-12-25\n2026-12-26');
  await submit(page, '#calendar-form button[type=submit]');
  r = await api(page, 'GET', '/api/v1/sla-policies');
  const hours = r.body.calendar.hours;
  check('business hours stored', hours.days.join() === '1,2,3,4' && hours.start === '09:00' && hours.end === '17:00' &&
    r.body.calendar.holidays.length === 2, JSON.stringify(r.body.calendar));
  res = await post(page, base, '/settings/sla/detractor', { acknowledge_minutes: '-5', at_risk_percent: '75' });
  check('a negative SLA target is refused (422)', res.status === 422, `got ${res.status}`);
  await page.fill('#sla-detractor-acknowledge_minutes', '120');
  await page.fill('#sla-detractor-resolve_minutes', '2880');
  await submit(page, '#sla-detractor button[type=submit]');
  r = await api(page, 'GET', '/api/v1/sla-policies');
  const pol = r.body.policies.find((p) => p.case_type === 'detractor');
  check('SLA target stored', pol && pol.acknowledge_minutes === 120 && pol.resolve_minutes === 2880, JSON.stringify(pol));
  await page.goto(base + '/settings?lang=en');
  check('settings forms in English', (await page.locator('#user-form button').innerText()) === 'Create user');
  await axe(page, 'settings in English');
  await page.goto(base + '/settings?lang=nl');

  // --- surveys: create one
  await page.goto(base + '/surveys');
  await axe(page, 'surveys with the create form');
  res = await post(page, base, '/surveys', { name: '  ', kind: 'csat' });
  check('a survey without a name is refused (422)', res.status === 422 && res.text.includes('Geef de enquête een naam'),
    `got ${res.status}`);
  const surveysBefore = (await api(page, 'GET', '/api/v1/surveys')).body.surveys.length;
  await page.fill('#ns-name', 'Werkplaats tevredenheid');
  await page.selectOption('#ns-kind', 'csat');
  await submit(page, '#new-survey button[type=submit]');
  check('a new survey lands on its edit page', /\/surveys\/\d+$/.test(page.url()) &&
    (await page.locator('#survey-form').count()) === 1, page.url());
  check('the new survey has the CSAT question', (await page.locator('#s-json').inputValue()).includes('"csat"'));
  await axe(page, 'new survey edit page');
  await shot(page, 'survey-new');
  const surveysAfter = (await api(page, 'GET', '/api/v1/surveys')).body.surveys.length;
  check('exactly one survey was created', surveysAfter === surveysBefore + 1, `${surveysBefore} -> ${surveysAfter}`);

  // --- another organisation's case, and a manager outside their teams
  const cctx = await browser.newContext({ bypassCSP: true });
  const cp = await cctx.newPage();
  await login(cp, base, 'consultant@beleving.example');
  const adminOrg = await page.locator('.brand .org').innerText();
  const other = (await cp.locator('#org-switch option').evaluateAll((os) => os.map((o) => [o.value, o.textContent])))
    .find(([, name]) => name !== adminOrg);
  await Promise.all([cp.waitForNavigation(), cp.selectOption('#org-switch', other[0])]);
  r = await api(cp, 'POST', '/api/v1/cases', { title: 'Browsertest: case van een andere organisatie' });
  check('set-up: a case in another organisation', r.status === 201, JSON.stringify(r.body));
  const foreignCase = r.body.id;
  await cctx.close();

  const mctx = await browser.newContext({ bypassCSP: true });
  const mp = await mctx.newPage();
  await login(mp, base, 'manager@beleving.example');
  await mp.goto(`${base}/cases/${caseId}`);
  check('the manager sees the actions on a case of their team', (await mp.locator('#case-note').count()) === 1);
  res = await post(mp, base, `/cases/${caseId}/notes`, { text: 'Notitie van de manager.' });
  check('the manager can add a note to a case of their team', res.status === 303, `got ${res.status}`);
  res = await post(mp, base, `/cases/${foreignCase}/notes`, { text: 'Niet mijn organisatie.' });
  check("the manager gets 404 on another organisation's case (note)", res.status === 404, `got ${res.status}`);
  res = await post(mp, base, `/cases/${foreignCase}/status`, { status: 'acknowledged' });
  check("the manager gets 404 on another organisation's case (status)", res.status === 404, `got ${res.status}`);
  res = await post(mp, base, `/cases/${teamlessCaseId}/status`, { status: 'acknowledged' });
  check('the manager gets 404 on a case outside their teams', res.status === 404, `got ${res.status}`);
  res = await post(mp, base, '/settings/users',
    { email: 'x@beleving.example', name: 'X', role: 'admin', password: 'heel-lang-wachtwoord' });
  check('the manager gets 403 on the settings forms', res.status === 403, `got ${res.status}`);
  await mctx.close();
  r = await api(page, 'GET', `/api/v1/cases/${teamlessCaseId}`);
  check('the refused status change stored nothing', r.body.status === 'received', r.body.status);

  const ectx = await browser.newContext({ bypassCSP: true });
  const ep = await ectx.newPage();
  await login(ep, base, 'sanne@beleving.example');
  res = await post(ep, base, `/cases/${caseId}/notes`, { text: 'Medewerker.' });
  check('an employee cannot act on cases (403)', res.status === 403, `got ${res.status}`);
  res = await post(ep, base, `/promises/${promise2}/kept`, {});
  check('an employee cannot settle promises (403)', res.status === 403, `got ${res.status}`);
  await ectx.close();
  await ctx.close();
} catch (e) {
  fail(e);
} finally {
  if (browser) await browser.close();
  if (server) server.proc.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
finish();
