import { nextTokyoMidnight, tokyoDay } from './clock';

describe('Japan-time calendar days (ARCHITECTURE: a day is a calendar day in Asia/Tokyo)', () => {
  it('23:59:59.999 JST is still the same day; 00:00:00.000 JST is the next', () => {
    expect(tokyoDay(new Date('2026-11-25T14:59:59.999Z'))).toBe('20261125');
    expect(tokyoDay(new Date('2026-11-25T15:00:00.000Z'))).toBe('20261126');
  });

  it('the next reset is 00:00 JST, expressed in UTC', () => {
    expect(nextTokyoMidnight(new Date('2026-11-25T14:59:59.999Z')).toISOString()).toBe('2026-11-25T15:00:00.000Z');
    expect(nextTokyoMidnight(new Date('2026-11-25T15:00:00.000Z')).toISOString()).toBe('2026-11-26T15:00:00.000Z');
    expect(nextTokyoMidnight(new Date('2026-12-31T20:00:00.000Z')).toISOString()).toBe('2027-01-01T15:00:00.000Z');
  });
});
