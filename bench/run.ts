import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { BenchRow } from './types';

/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints
 * each figure next to its raw baseline measured in the same run, with the ratio. These machines
 * are noisy: compare ratios, not absolute numbers.
 */
const main = async () => {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const rows: Array<BenchRow & { suite: string }> = [];
  for (const file of files) {
    const suite = file.replace('.bench.ts', '');
    process.stdout.write(`running ${suite}...\n`);
    const mod = (await import(join(__dirname, file))) as { run: () => Promise<BenchRow[]> };
    for (const row of await mod.run()) rows.push({ ...row, suite });
  }
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  const tableOf = (selected: typeof rows) =>
    [
      `| suite | measure | value | raw baseline | baseline value | ratio |`,
      `| --- | --- | ---: | --- | ---: | ---: |`,
      ...selected.map(
        (r) =>
          `| ${r.suite} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.baseline} | ${fmt(r.baselineValue)} ${r.unit} | ${(r.value / r.baselineValue).toFixed(2)} |`,
      ),
    ].join('\n');
  process.stdout.write(`\n${tableOf(rows)}\n`);
  // One file per suite (bench/results/<suite>.md), so a partial run updates only its suites.
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  for (const suite of new Set(rows.map((r) => r.suite))) {
    const header = `# ${suite}\n\nRun ${new Date().toISOString()} on ${machine}.\nRatio = value ÷ raw baseline measured in the same run (for latencies, lower is better).\n\n`;
    writeFileSync(join(__dirname, 'results', `${suite}.md`), `${header}${tableOf(rows.filter((r) => r.suite === suite))}\n`);
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
