// Usage simulator: plays a studio's reporters posting player logins to POST /v1/metrics.
//   npm run simulate:usage -- --url http://127.0.0.1:8080 --key plk_… --users 100 --rate 20 --duration 30
// The key may come from PARLOR_METRICS_KEY instead of --key (keeps it out of `ps`). Bounded
// (users ≤ 100000, rate ≤ 5000/s, duration ≤ 3600 s) and loopback-only unless --allow-remote.
import { parseArgs } from 'node:util';
import { isLoopback } from './support/paced-load.mjs';
import { simulateUsage } from './support/usage-simulator.mjs';

const LIMITS = { users: 100_000, rate: 5_000, duration: 3_600, concurrency: 256 };

function fail(message) {
  console.error(`simulate:usage: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    key: { type: 'string' },
    users: { type: 'string', default: '100' },
    rate: { type: 'string', default: '10' },
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string' },
    prefix: { type: 'string', default: 'sim-player-' },
    idempotent: { type: 'boolean', default: false },
    'allow-remote': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'Usage: npm run simulate:usage -- --url URL --key plk_… --users N --rate R --duration S\n' +
      '  [--concurrency C] [--prefix ID_PREFIX] [--idempotent] [--allow-remote] [--json]',
  );
  process.exit(0);
}
const number = (name, min, max) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number from ${min} to ${max}`);
  return n;
};
const key = values.key ?? process.env.PARLOR_METRICS_KEY;
if (!key || !key.startsWith('plk_')) fail('give a metrics-reporter key: --key plk_… or PARLOR_METRICS_KEY');
let url;
try {
  url = new URL(values.url).origin;
} catch {
  fail(`--url ${values.url} is not a URL`);
}
if (!isLoopback(url) && !values['allow-remote'])
  fail(`${url} is not a loopback address; pass --allow-remote to load another host on purpose`);
const users = Math.floor(number('users', 1, LIMITS.users));
const rate = number('rate', 0.1, LIMITS.rate);
const duration = number('duration', 1, LIMITS.duration);
const concurrency = values.concurrency ? Math.floor(number('concurrency', 1, LIMITS.concurrency)) : undefined;

const line = (s) =>
  `${(s.elapsedMs / 1000).toFixed(0)}s  sent ${s.sent}  accepted ${s.ok}  active ${s.active}  inactive ${s.inactive}  errors ${Object.values(s.errors).reduce((a, b) => a + b, 0)}`;
const result = await simulateUsage({
  url,
  key,
  users,
  rate,
  durationMs: duration * 1000,
  prefix: values.prefix,
  idempotent: values.idempotent,
  ...(concurrency ? { concurrency } : {}),
  onProgress: values.json ? undefined : (s) => process.stderr.write(`${line(s)}\n`),
});
const summary = {
  url,
  users,
  rate,
  durationSeconds: duration,
  sent: result.sent,
  accepted: result.ok,
  active: result.active,
  inactive: result.inactive,
  errors: result.errors,
  acceptedPerSecond: Number((result.ok / (result.elapsedMs / 1000)).toFixed(1)),
  latencyMs: { p50: round(result.p50), p99: round(result.p99), max: round(result.max) },
};
if (values.json) console.log(JSON.stringify(summary));
else {
  console.log(`\n${line({ ...result })}`);
  console.log(
    `accepted/s ${summary.acceptedPerSecond}  p50 ${summary.latencyMs.p50} ms  p99 ${summary.latencyMs.p99} ms`,
  );
  const codes = Object.entries(result.errors);
  console.log(
    codes.length
      ? `errors by code: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`
      : 'errors by code: none',
  );
}

function round(n) {
  return Number.isFinite(n) ? Number(n.toFixed(2)) : null;
}
