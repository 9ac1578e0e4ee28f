import { DomainError } from '@hw/platform/core';
import { addDays, countReservations, dailyHistory, daysInclusive, historyRangePolicy, isJapanDay, todayQuota } from '../index';

/** Given/when/then for the quota read side (R-MSG-2): pure, offline. */
describe('todayQuota (R-MSG-2)', () => {
  describe('given 998 messages sent today under a limit of 1,000', () => {
    const count = { day: '20261125', sent: 998, limit: 1000 };
    it('R-MSG-2: when asked at 23:59:59.999 JST, then 2 remain and the count resets at 00:00 JST (15:00 UTC)', () => {
      expect(todayQuota(count, 1000, new Date('2026-11-25T14:59:59.999Z'))).toEqual({
        day: '20261125',
        sent: 998,
        limit: 1000,
        remaining: 2,
        resetsAt: '2026-11-25T15:00:00.000Z',
      });
    });
    it('R-MSG-2: when asked at 00:00:00.000 JST the next day, then that count no longer applies: 0 sent, all remain', () => {
      expect(todayQuota(count, 1000, new Date('2026-11-25T15:00:00.000Z'))).toEqual({
        day: '20261126',
        sent: 0,
        limit: 1000,
        remaining: 1000,
        resetsAt: '2026-11-26T15:00:00.000Z',
      });
    });
  });
  describe('given no message today', () => {
    it('R-MSG-2: when asked, then the whole limit (policy) remains', () => {
      expect(todayQuota(undefined, 3, new Date('2026-01-01T00:00:00.000Z'))).toMatchObject({ day: '20260101', sent: 0, remaining: 3 });
    });
  });
  describe('given more sent than a lowered limit allows', () => {
    it('R-MSG-2: when asked, then remaining is 0, never negative', () => {
      expect(todayQuota({ day: '20260101', sent: 7 }, 5, new Date('2026-01-01T00:00:00.000Z'))).toMatchObject({
        sent: 7,
        limit: 5,
        remaining: 0,
      });
    });
  });
});

describe('historyRangePolicy (R-MSG-2: Japan-time days)', () => {
  const now = new Date('2026-03-01T14:59:59.999Z'); // 23:59:59.999 JST on 1 March
  it('given no range, when asked, then the 30 Japan-time days ending today', () => {
    expect(historyRangePolicy({}, now)).toEqual({ from: '20260131', to: '20260301' });
  });
  it('given only to, when asked, then 30 days ending there', () => {
    expect(historyRangePolicy({ to: '20260110' }, now)).toEqual({ from: '20251212', to: '20260110' });
  });
  it('given from after to, when asked, then refused naming from and the rule', () => {
    expect(() => historyRangePolicy({ from: '20260302', to: '20260301' }, now)).toThrow(
      expect.objectContaining({ code: 'INVALID_DAY_RANGE', rule: 'R-MSG-2', kind: 'refused' }),
    );
    try {
      historyRangePolicy({ from: '20260302', to: '20260301' }, now);
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_DAY_RANGE', field: 'from', rule: 'R-MSG-2' });
    }
  });
  it('given 367 days, when asked, then refused naming to; 366 days are accepted', () => {
    expect(() => historyRangePolicy({ from: '20250101', to: '20260102' }, now)).toThrow(
      expect.objectContaining({ field: 'to' }) as unknown as DomainError,
    );
    expect(historyRangePolicy({ from: '20250101', to: '20260101' }, now)).toEqual({ from: '20250101', to: '20260101' });
  });
  it('given a day that is not a calendar date, when asked, then refused naming the field', () => {
    expect(() => historyRangePolicy({ from: '20260230' }, now)).toThrow(
      expect.objectContaining({ field: 'from' }) as unknown as DomainError,
    );
    expect(() => historyRangePolicy({ to: '2026-03-01' }, now)).toThrow(expect.objectContaining({ field: 'to' }) as unknown as DomainError);
  });
});

describe('Japan-time days', () => {
  it('given yyyymmdd strings, then only real calendar dates are days', () => {
    expect(['20280229', '20261231', '20260101'].every(isJapanDay)).toBe(true);
    expect(['20260229', '20261301', '20260100', '2026011', 'abcdefgh', '19991231', 20260101].some(isJapanDay)).toBe(false);
  });
  it('given a day, when days are added across month, year and leap day, then the calendar is followed', () => {
    expect(addDays('20261231', 1)).toBe('20270101');
    expect(addDays('20280228', 1)).toBe('20280229');
    expect(addDays('20260301', -1)).toBe('20260228');
    expect(daysInclusive('20260101', '20261231')).toBe(365);
  });
});

describe('dailyHistory and countReservations (R-AUD-1 reference fold)', () => {
  it('given reservations across a day boundary, when folded, then each day counts its own; the history fills silent days with zero', () => {
    const reservations = [
      { registrationId: 'r1', day: '20261125', limit: 3 },
      { registrationId: 'r1', day: '20261125', limit: 3 },
      { registrationId: 'r1', day: '20261126', limit: 3 },
      { registrationId: 'r2', day: '20261125', limit: 3 },
    ];
    const counts = countReservations(reservations);
    expect([...counts.values()]).toEqual([
      { registrationId: 'r1', day: '20261125', sent: 2, limit: 3 },
      { registrationId: 'r1', day: '20261126', sent: 1, limit: 3 },
      { registrationId: 'r2', day: '20261125', sent: 1, limit: 3 },
    ]);
    const r1 = [...counts.values()].filter((c) => c.registrationId === 'r1');
    expect(dailyHistory(r1, { from: '20261124', to: '20261127' }, 5)).toEqual([
      { day: '20261124', sent: 0, limit: 5 },
      { day: '20261125', sent: 2, limit: 3 },
      { day: '20261126', sent: 1, limit: 3 },
      { day: '20261127', sent: 0, limit: 5 },
    ]);
  });
});
