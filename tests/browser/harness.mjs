// What every browser test shares: the binary under test, the screenshot
// folder, the pass/fail tally, starting a server and waiting for its port,
// the axe-core check and the login form. Not a test itself (only
// *.test.mjs files are registered with ctest).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const BIN = process.env.BELEVING_BIN;
export const SHOTS = join(process.env.BELEVING_BUILD || '.', 'screenshots');
const AXE = new URL('./node_modules/axe-core/axe.min.js', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

let passed = 0, failed = 0;

export function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name} ${detail}`); }
}

// An error that ended a test early counts as a failure.
export function fail(e) {
  failed++;
  console.log('FAIL unexpected error: ' + (e && e.stack || e));
}

// Prints the tally and exits non-zero on any failure.
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

// Starts `beleving <command> --data dir` on a free port ('serve' or 'demo');
// resolves with the process and its base URL once it listens.
export function startServer(command, dir) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, [command, '--data', dir, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => {
      out += d.toString();
      const m = out.match(/listening on port (\d+)/);
      if (m) resolve({ proc, base: `http://127.0.0.1:${m[1]}` });
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error('server did not start: ' + out)), 60000);
  });
}

// axe-core on the current page: no serious or critical violation.
export async function axe(page, name) {
  await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  check(`axe: no serious/critical violations on ${name}`, res.length === 0, res.join('\n  '));
}

// Logs in through the dashboard's login form (demo password by default).
export async function login(page, base, email, password = 'beleving-demo') {
  await page.goto(base + '/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}
