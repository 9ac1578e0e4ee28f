import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

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

/**
 * A Nest provider whose PeriodicPass runs while the application does: started at bootstrap
 * every `passIntervalMs()`, stopped at shutdown (waiting for a running pass) — the hooks each
 * clock-driven service would otherwise repeat.
 */
export abstract class PeriodicPassService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly periodicPass: PeriodicPass;

  protected constructor(name: string) {
    this.periodicPass = new PeriodicPass(name, () => this.pass());
  }

  /** One pass; returns how many commands it issued. */
  protected abstract pass(): Promise<number>;

  /** How often the pass runs, read when the application starts. */
  protected abstract passIntervalMs(): number;

  onApplicationBootstrap(): void {
    this.periodicPass.start(this.passIntervalMs());
  }

  onApplicationShutdown(): Promise<void> {
    return this.periodicPass.stop();
  }

  /** One pass now; overlapping calls share the running pass. */
  protected runPass(): Promise<number> {
    return this.periodicPass.run();
  }
}
