import { DomainError } from '@hw/platform/core';
import { endedPeriodsSince, lastEndedPeriod, periodAt, periodById, validateReportingPolicy } from './report-period';
import { resumedAfterSanction, wasActiveDuring } from './registration-activity';

describe('report periods (R-REP-1, R-REP-3)', () => {
  it('R-REP-1: a quarter runs from 00:00 JST of its first day to 00:00 JST of the next quarter, due the 20th of the month after', () => {
    expect(periodById('2026Q1')).toEqual({
      id: '2026Q1',
      startsAt: '2025-12-31T15:00:00.000Z',
      endsAt: '2026-03-31T15:00:00.000Z',
      firstDay: '20260101',
      lastDay: '20260331',
      dueDay: '20260420',
      overdueAt: '2026-04-20T15:00:00.000Z',
    });
    expect(periodById('2026Q4')).toMatchObject({ endsAt: '2026-12-31T15:00:00.000Z', lastDay: '20261231', dueDay: '20270120' });
  });

  it('R-REP-1: 31 March 23:59:59.999 JST is still Q1 (nothing has ended); 1 April 00:00 JST is Q2 and Q1 has ended', () => {
    expect(periodAt(new Date('2026-03-31T14:59:59.999Z')).id).toBe('2026Q1');
    expect(lastEndedPeriod(new Date('2026-03-31T14:59:59.999Z')).id).toBe('2025Q4');
    expect(periodAt(new Date('2026-03-31T15:00:00.000Z')).id).toBe('2026Q2');
    expect(lastEndedPeriod(new Date('2026-03-31T15:00:00.000Z')).id).toBe('2026Q1');
    expect(endedPeriodsSince(new Date('2026-02-01T00:00:00Z'), new Date('2026-03-31T14:59:59.999Z'))).toEqual([]);
    expect(endedPeriodsSince(new Date('2026-02-01T00:00:00Z'), new Date('2026-03-31T15:00:00.000Z')).map((p) => p.id)).toEqual(['2026Q1']);
  });

  it('R-REP-1: REPORT_DUE_DAY is a policy (1–28); another value moves the due day and the overdue instant', () => {
    expect(periodById('2026Q1', { dueDay: 10 })).toMatchObject({ dueDay: '20260410', overdueAt: '2026-04-10T15:00:00.000Z' });
    expect(() => validateReportingPolicy({ dueDay: 31 })).toThrow(DomainError);
    expect(() => validateReportingPolicy({ dueDay: 0 })).toThrow(expect.objectContaining({ rule: 'R-REP-1', field: 'dueDay' }));
  });

  it('R-REP-1: a malformed period id is refused naming the field', () => {
    expect(() => periodById('2026Q5')).toThrow(expect.objectContaining({ code: 'INVALID_PERIOD', field: 'period' }));
  });

  it('R-REP-1: a registration approved on the last day of a quarter owes that quarter; one approved at 00:00 JST of the next does not', () => {
    const q1 = periodById('2026Q1');
    expect(wasActiveDuring('2026-03-31T14:59:59.999Z', [], q1)).toBe(true);
    expect(wasActiveDuring('2026-03-31T15:00:00.000Z', [], q1)).toBe(false);
  });

  it('R-REP-1: one terminated on the first day of a quarter owes it; one terminated at 00:00 JST of that day does not', () => {
    const q2 = periodById('2026Q2');
    const approved = '2025-06-01T00:00:00.000Z';
    expect(wasActiveDuring(approved, [{ status: 'terminated', at: '2026-04-01T03:00:00.000Z' }], q2)).toBe(true);
    expect(wasActiveDuring(approved, [{ status: 'terminated', at: '2026-03-31T15:00:00.000Z' }], q2)).toBe(false);
  });

  it('R-REP-1: suspended for a whole quarter owes nothing for it; suspended during it owes; resumed during it owes', () => {
    const q2 = periodById('2026Q2');
    const approved = '2025-06-01T00:00:00.000Z';
    expect(wasActiveDuring(approved, [{ status: 'suspended', at: '2026-03-01T00:00:00.000Z' }], q2)).toBe(false);
    expect(wasActiveDuring(approved, [{ status: 'suspended', at: '2026-05-01T00:00:00.000Z' }], q2)).toBe(true);
    expect(
      wasActiveDuring(
        approved,
        [
          { status: 'suspended', at: '2026-03-01T00:00:00.000Z' },
          { status: 'active', at: '2026-06-30T14:00:00.000Z' },
        ],
        q2,
      ),
    ).toBe(true);
  });

  it('R-REP-3: a repeat after resumption is a sanction suspension followed by a return to active; an own-request suspension is not', () => {
    expect(
      resumedAfterSanction([
        { status: 'suspended', reason: 'sanction', at: '2026-01-01T00:00:00Z' },
        { status: 'active', at: '2026-07-01T00:00:00Z' },
      ]),
    ).toBe(true);
    expect(
      resumedAfterSanction([
        { status: 'suspended', reason: 'own-request', at: '2026-01-01T00:00:00Z' },
        { status: 'active', at: '2026-07-01T00:00:00Z' },
      ]),
    ).toBe(false);
    expect(resumedAfterSanction([{ status: 'suspended', reason: 'sanction', at: '2026-01-01T00:00:00Z' }])).toBe(false);
  });
});
