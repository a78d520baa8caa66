#!/usr/bin/env node
// DuckDB runner for the extended peer benchmark (issue 20, point 5): like the
// shared peers/duckdb/run_duckdb.mjs, but the table has the two extra columns
// of bench/extend_csv.py (survey, segment) materialised, and queries are
// looked up in several folders (the shared q1..q6 and this repo's q7, q8).
//
//   node run_duckdb_ext.mjs --csv EXTENDED.csv --db FILE --out DIR
//        --query-dirs DIR1:DIR2 [--queries q1,...,q8] [--threads 2] [--repeat 3]
//        [--slow-s 30] [--canon CANON.py]
//
// bench/compare_peers.sh --extended copies it next to the shared runner in the
// writable copy, so `@duckdb/node-api` resolves from that copy's node_modules.
// Timing protocol as the shared runners: one warm-up run (first_ms; its result
// is written), then --repeat timed runs: ms = best, median_ms = median; the
// timed runs are skipped when the warm-up takes longer than --slow-s.
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const a = { threads: '2', repeat: 3, slowS: 30, queries: 'q1,q2,q3,q4,q5,q6,q7,q8' };
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i], v = process.argv[i + 1];
  switch (k) {
    case '--csv': a.csv = v; break;
    case '--db': a.db = v; break;
    case '--out': a.out = v; break;
    case '--query-dirs': a.dirs = v.split(':'); break;
    case '--queries': a.queries = v; break;
    case '--threads': a.threads = String(v); break;
    case '--repeat': a.repeat = Number(v); break;
    case '--slow-s': a.slowS = Number(v); break;
    case '--canon': a.canon = v; break;
    default: throw new Error('unknown argument ' + k);
  }
}
if (!a.csv || !a.db || !a.out || !a.dirs) throw new Error('--csv, --db, --out and --query-dirs are required');

fs.mkdirSync(a.out, { recursive: true });
const jsonl = fs.openSync(path.join(a.out, 'timings.jsonl'), 'w');
const emit = (obj) => {
  const line = JSON.stringify(obj);
  console.log(line);
  fs.writeSync(jsonl, line + '\n');
};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const r3 = (x) => Math.round(x * 1000) / 1000;
const cellText = (v) => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return String(v);
};

for (const f of [a.db, a.db + '.wal']) fs.rmSync(f, { force: true });
const instance = await DuckDBInstance.create(a.db, { threads: a.threads });
const con = await instance.connect();

// The shared schema plus the two materialised columns.
const cols = `response_id BIGINT, ts BIGINT, org INTEGER, location INTEGER,
  team INTEGER, employee INTEGER, customer INTEGER, touchpoint INTEGER,
  channel VARCHAR, score INTEGER, ces INTEGER, d_certainty INTEGER,
  d_flexibility INTEGER, d_reliability INTEGER, d_customisation INTEGER,
  d_complaint_speed INTEGER, survey INTEGER, segment INTEGER`;
const t0 = process.hrtime.bigint();
await con.run(`CREATE TABLE responses (${cols})`);
await con.run(`COPY responses FROM '${a.csv.replace(/'/g, "''")}' (FORMAT csv, HEADER true)`);
const importMs = ms(t0);
const t1 = process.hrtime.bigint();
await con.run('CHECKPOINT');
const checkpointMs = ms(t1);
const nrows = Number((await con.runAndReadAll('SELECT COUNT(*) FROM responses')).getRows()[0][0]);
const ver = (await con.runAndReadAll('SELECT version()')).getRows()[0][0];
emit({ engine: 'duckdb', query: 'load', ms: r3(importMs + checkpointMs), rows: nrows,
       import_ms: r3(importMs), checkpoint_ms: r3(checkpointMs), version: String(ver),
       threads: Number(a.threads) });

for (const q of a.queries.split(',')) {
  const dir = a.dirs.find((d) => fs.existsSync(path.join(d, q + '.sql')));
  if (!dir) throw new Error('no ' + q + '.sql in ' + a.dirs.join(', '));
  const sql = fs.readFileSync(path.join(dir, q + '.sql'), 'utf8').trim().replace(/;\s*$/, '');
  let t = process.hrtime.bigint();
  const reader = await con.runAndReadAll(sql);
  const firstMs = ms(t);
  const lines = [reader.columnNames().map((n) => n.toLowerCase()).join(',')];
  for (const r of reader.getRows()) lines.push(r.map(cellText).join(','));
  fs.writeFileSync(path.join(a.out, q + '.csv'), lines.join('\n') + '\n');
  const times = [];
  for (let i = 0; i < a.repeat && firstMs <= a.slowS * 1000; i++) {
    t = process.hrtime.bigint();
    await con.runAndReadAll(sql);
    times.push(ms(t));
  }
  const s = [...times].sort((x, y) => x - y);
  const med = s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : firstMs;
  emit({ engine: 'duckdb', query: q, ms: r3(s.length ? s[0] : firstMs), rows: lines.length - 1,
         median_ms: r3(med), first_ms: r3(firstMs), runs: s.length || 1, status: 'ok' });
}
con.closeSync();
emit({ engine: 'duckdb', query: 'memory',
       peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024 * 10) / 10 });
fs.closeSync(jsonl);
if (a.canon) {
  const c = spawnSync('python3', [a.canon, a.out], { stdio: 'inherit' });
  if (c.status !== 0) process.exit(c.status ?? 1);
}
