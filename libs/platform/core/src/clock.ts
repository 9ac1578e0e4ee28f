/**
 * Time arrives from outside: domain code never calls `new Date()`.
 * Services take a Clock so tests can move time (day boundaries in Asia/Tokyo).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * The platform's clock on a rehearsal (staging) deployment: it read `start` when the wall clock
 * read `wallAt`, and runs forward with the wall clock from there (payment platforms' "test
 * clocks"). Every process of one deployment builds it from the same anchor (recorded in the
 * log, see `platformClock` in @hw/platform/event-log), so all share one platform time.
 */
export class ShiftedClock implements Clock {
  readonly offsetMs: number;
  constructor(
    readonly start: Date,
    readonly wallAt: Date,
    private readonly wall: Clock = systemClock,
  ) {
    this.offsetMs = start.getTime() - wallAt.getTime();
  }
  now(): Date {
    return new Date(this.wall.now().getTime() + this.offsetMs);
  }
  /** The real time, which every event records beside the platform's (metadata `wallClockAt`). */
  wallNow(): Date {
    return this.wall.now();
  }
}
