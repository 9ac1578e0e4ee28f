import { MultiBar, Presets } from 'cli-progress';
import { Output } from './output';

/**
 * A rebuild's progress: events applied, the log position reached of the head's, events per
 * second and the time left. On a terminal a cli-progress bar on stderr (chosen over listr2: one
 * bar, and `log()` prints a line above it, so the platform's log lines stay visible); otherwise
 * one plain line per interval, for CI logs and pipes. The caller's clock is the wall clock: this
 * is an operator's tool, not a domain.
 */
export interface Progress {
  /** An event applied at this log position. */
  tick(position: bigint): void;
  /** A diagnostic line (the runner's logs), printed above the bar. */
  log(line: string): void;
  done(): { events: number; ms: number; perSecond: number };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export const rebuildProgress = (
  name: string,
  head: bigint,
  output: Output,
  options: { tty?: boolean; everyMs?: number; clock?: () => number } = {},
): Progress => {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const total = Number(head);
  let events = 0;
  let position = 0;
  let lastLine = started;
  const everyMs = options.everyMs ?? 1000;
  const rate = () => events / Math.max((clock() - started) / 1000, 1e-3);
  const eta = () => {
    const elapsed = (clock() - started) / 1000;
    const left = total <= position ? 0 : position > 0 ? ((total - position) * elapsed) / position : Number.NaN;
    return Number.isFinite(left) ? `${Math.max(0, Math.ceil(left))} s` : '?';
  };
  let multi: MultiBar | undefined;
  let bar: ReturnType<MultiBar['create']> | undefined;
  if (options.tty) {
    multi = new MultiBar(
      {
        stream: process.stderr,
        format: `${name} [{bar}] {percentage}% | position {value}/{total} | {events} events | {rate} events/s | ETA {eta}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    bar = multi.create(Math.max(total, 1), 0, { events: '0', rate: '0', eta: '?' });
  }
  const line = () =>
    `${name}: position ${fmt(position)} / ${fmt(total)} (${total > 0 ? Math.floor((position * 100) / total) : 100}%), ${fmt(events)} event(s) applied, ${fmt(rate())} events/s, ETA ${eta()}`;
  return {
    tick(at) {
      events += 1;
      position = Number(at);
      const now = clock();
      if (now - lastLine < (bar ? 100 : everyMs)) return;
      lastLine = now;
      if (bar) bar.update(position, { events: fmt(events), rate: fmt(rate()), eta: eta() });
      else output.err(line());
    },
    log(text) {
      if (multi) multi.log(`${text}\n`);
      else output.err(text);
    },
    done() {
      const ms = clock() - started;
      position = total;
      if (bar) {
        bar.update(Math.max(total, 1), { events: fmt(events), rate: fmt(rate()), eta: '0 s' });
        multi?.stop();
      } else output.err(line());
      return { events, ms, perSecond: rate() };
    },
  };
};
