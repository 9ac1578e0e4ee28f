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

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Calendar day in Japan time as `yyyymmdd` ("a day" always means Asia/Tokyo, ARCHITECTURE: time). */
export const tokyoDay = (at: Date): string => {
  const shifted = new Date(at.getTime() + JST_OFFSET_MS);
  const y = shifted.getUTCFullYear();
  const m = String(shifted.getUTCMonth() + 1).padStart(2, '0');
  const d = String(shifted.getUTCDate()).padStart(2, '0');
  return `${y}${m}${d}`;
};

/** The instant the next Japan-time calendar day starts (00:00 JST), as UTC. */
export const nextTokyoMidnight = (at: Date): Date => {
  const shifted = at.getTime() + JST_OFFSET_MS;
  const dayStart = shifted - (((shifted % 86_400_000) + 86_400_000) % 86_400_000);
  return new Date(dayStart + 86_400_000 - JST_OFFSET_MS);
};
