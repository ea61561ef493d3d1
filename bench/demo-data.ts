/**
 * Throughput of the demo data generator: writes the scoring benchmark's data set (100,000 users,
 * 10,000 accounts, 90 days, about 10 M events) to a temporary directory and prints events/s and
 * peak RSS. Run: `node --import tsx bench/demo-data.ts [--users N] [--accounts N] [--days D] [--gzip]`.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo } from '../src/demo/generate-demo.ts';
import { writeDemo } from '../src/demo/write-demo.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    accounts: { type: 'string', default: '10000' },
    days: { type: 'string', default: '90' },
    seed: { type: 'string', default: '1' },
    gzip: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const dir = await mkdtemp(join(tmpdir(), 'kindling-demo-bench-'));
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 100);
try {
  const data = generateDemo({
    users: Number(values.users),
    accounts: Number(values.accounts),
    days: Number(values.days),
    seed: Number(values.seed),
  });
  const summary = await writeDemo(data, {
    dir,
    gzip: values.gzip,
    onProgress: () => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    },
  });
  const size = (await stat(summary.files.events)).size;
  console.log(
    [
      `events        ${summary.events.toLocaleString('en')}`,
      `accounts      ${summary.accounts.toLocaleString('en')}`,
      `outcomes      ${summary.outcomes.toLocaleString('en')}`,
      `events file   ${(size / 1024 / 1024).toFixed(0)} MiB${values.gzip ? ' (gzip)' : ''}`,
      `seconds       ${summary.seconds.toFixed(1)}`,
      `events/s      ${Math.round(summary.eventsPerSecond).toLocaleString('en')}  (target >= 300,000)`,
      `peak RSS      ${(peakRss / 1024 / 1024).toFixed(0)} MiB`,
      values.keep ? `kept in       ${dir}` : '',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
} finally {
  clearInterval(sampler);
  if (!values.keep) await rm(dir, { recursive: true, force: true });
}
