import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes';

/** One fenced `bash` block of a README section: its text and the answers its `# →` lines expect. */
export interface WalkthroughBlock {
  script: string;
  expected: string[];
}

/** The lines of README.md's section `## <title>` (to the next `## ` heading). */
export const readmeSection = (title: string, readme = readFileSync(join(ROOT, 'README.md'), 'utf8')): string => {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start < 0) throw new Error(`README.md has no section "## ${title}"`);
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
};

/** The section's ```bash blocks, in order (other fences — sh, json, tables — are prose). */
export const bashBlocks = (section: string): WalkthroughBlock[] => {
  const blocks: WalkthroughBlock[] = [];
  const fence = /^```bash\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(section); match; match = fence.exec(section)) {
    const script = match[1];
    const expected = script
      .split('\n')
      .filter((l) => l.startsWith('# → '))
      .map((l) => l.slice('# → '.length).trim());
    blocks.push({ script, expected });
  }
  return blocks;
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a printed line is the expected answer: literal text, `…` standing for any run of characters. */
export const answers = (expected: string, printed: string): boolean =>
  new RegExp(`^${expected.split('…').map(escape).join('.*')}$`).test(printed.trim());
