import { Logger } from '@nestjs/common';

/** Where the command line writes: stdout for results, stderr for diagnostics (never personal data). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A plain text table: one header row, columns padded to their widest cell. */
export const table = (header: string[], rows: string[][]): string[] => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
};

/** JSON that carries bigints (log positions) as decimal strings. */
export const toJson = (value: unknown): string => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * Sends Nest's log lines (the platform's start-up line, runners' warnings) to stderr, so stdout
 * holds only the command's result (a table, JSON lines, a bundle).
 */
export const stderrLogger = (): void => {
  const write = (level: string) => (message: unknown, context?: unknown) =>
    process.stderr.write(`${level} ${typeof context === 'string' ? `[${context}] ` : ''}${String(message)}\n`);
  Logger.overrideLogger({
    log: write('log'),
    warn: write('warn'),
    error: write('error'),
    debug: () => undefined,
    verbose: () => undefined,
    fatal: write('fatal'),
  });
};
