import {
  addDays,
  daysInclusive,
  eachDay,
  endOfMonthAfter,
  isCalendarDate,
  isJapanDay,
  jstDate,
  jstStartOf,
  nextTokyoMidnight,
  tokyoDay,
} from './japan-time';

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

describe('one Japan-time module: dates (yyyy-mm-dd) and days (yyyymmdd), one arithmetic', () => {
  it('R-SKR-3 / R-MSG-2: an instant has one Japan-time calendar day, in both formats', () => {
    expect(jstDate('2026-11-25T14:59:59.999Z')).toBe('2026-11-25');
    expect(jstDate('2026-11-25T15:00:00.000Z')).toBe('2026-11-26');
    expect(tokyoDay(new Date('2026-12-31T15:00:00.000Z'))).toBe('20270101');
    expect(jstStartOf('2026-11-26')).toBe('2026-11-25T15:00:00.000Z');
    expect(jstStartOf('20261126')).toBe('2026-11-25T15:00:00.000Z');
  });

  it('day arithmetic answers in the format it was given, across month, year and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('20280228', 2)).toBe('20280301');
    expect(addDays('20270101', -1)).toBe('20261231');
    expect(endOfMonthAfter('2026-11-15', 2)).toBe('2027-01-31');
    expect(endOfMonthAfter('20271215', 2)).toBe('20280229');
    expect(daysInclusive('20261130', '20261201')).toBe(2);
    expect(daysInclusive('20261201', '20261130')).toBe(0);
    expect(eachDay('20261230', '20270102')).toEqual(['20261230', '20261231', '20270101', '20270102']);
    expect(eachDay('20261201', '20261130')).toEqual([]);
  });

  it('real calendar dates only: yyyy-mm-dd for dates (any year), yyyymmdd from 2000 for days', () => {
    expect(isCalendarDate('1990-11-25')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('20261125')).toBe(false);
    expect(isJapanDay('20280229')).toBe(true);
    expect(isJapanDay('20260229')).toBe(false);
    expect(isJapanDay('19991231')).toBe(false);
    expect(isJapanDay('2026-11-25')).toBe(false);
    expect(isJapanDay(20261125)).toBe(false);
  });
});
