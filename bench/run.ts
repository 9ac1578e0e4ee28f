import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
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
  const lines = [
    `| suite | measure | value | raw baseline | baseline value | ratio |`,
    `| --- | --- | ---: | --- | ---: | ---: |`,
    ...rows.map(
      (r) =>
        `| ${r.suite} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.baseline} | ${fmt(r.baselineValue)} ${r.unit} | ${(r.value / r.baselineValue).toFixed(2)} |`,
    ),
  ];
  const table = lines.join('\n');
  process.stdout.write(`\n${table}\n`);
  if (only.length === 0) {
    const header = `# Benchmark results\n\nLast full run: ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}.\nRatio = value ÷ raw baseline measured in the same run (for latencies, lower is better).\n\n`;
    writeFileSync(join(__dirname, 'RESULTS.md'), `${header}${table}\n`);
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
