import { Logger } from '@nestjs/common';

/**
 * A pass run every `intervalMs` on the injected clock's behalf (time-driven events: expiries,
 * windows closing). Overlapping calls share the running pass; `stop` waits for it. The timer
 * does not keep the process alive. Failures are logged by error name only (no personal data).
 */
export class PeriodicPass {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly logger: Logger;

  constructor(
    name: string,
    private readonly pass: () => Promise<number>,
  ) {
    this.logger = new Logger(name);
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.run().catch((e) => this.logger.error(`tick failed: ${(e as Error).name}`)), intervalMs);
    this.timer.unref();
  }

  /** One pass now; returns how many commands it issued. */
  run(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
