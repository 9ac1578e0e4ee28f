import { DomainError } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { dailyQuotaDecider, DailyQuotaEvent, ReserveMessageQuota } from './index';

const spec = DeciderSpecification.for(dailyQuotaDecider);
const LAST_MS = new Date('2026-11-25T14:59:59.999Z'); // 23:59:59.999 JST, 25 Nov
const MIDNIGHT = new Date('2026-11-25T15:00:00.000Z'); // 00:00:00.000 JST, 26 Nov

const reserve = (messageId: string, at: Date, limit = 3): ReserveMessageQuota => ({
  type: 'ReserveMessageQuota',
  data: { registrationId: 'r1', messageId, departmentId: 'd1', userId: 'u1', limit, at },
});
const reserved = (messageId: string, sequence: number, at: Date, limit = 3, day = '20261125'): DailyQuotaEvent => ({
  type: 'MessageQuotaReserved',
  data: { registrationId: 'r1', day, messageId, departmentId: 'd1', userId: 'u1', sequence, limit, reservedAt: at.toISOString() },
});
const full = [reserved('m1', 1, LAST_MS), reserved('m2', 2, LAST_MS), reserved('m3', 3, LAST_MS)];

describe('daily quota decider (R-MSG-2, R-MSG-8)', () => {
  it('R-MSG-2: the first message of the day is reserved as number 1', () => {
    spec
      .given([])
      .when(reserve('m1', LAST_MS))
      .then([reserved('m1', 1, LAST_MS)]);
  });

  it('R-MSG-2: the message after the limit at 23:59:59.999 JST is refused, stating the limit and the reset at 00:00 JST', () => {
    spec
      .given(full)
      .when(reserve('m4', LAST_MS))
      .thenThrows(DomainError, {
        code: 'DAILY_LIMIT_REACHED',
        rule: 'R-MSG-2',
        kind: 'limit',
        details: { limit: 3, resetsAt: '2026-11-25T15:00:00.000Z' },
      });
  });

  it('R-MSG-2: at 00:00:00.000 JST a new day starts with a fresh stream: the first message is number 1 of 26 Nov', () => {
    spec
      .given([])
      .when(reserve('m4', MIDNIGHT))
      .then([reserved('m4', 1, MIDNIGHT, 3, '20261126')]);
  });

  it('R-MSG-2: a reservation stamped on another day than its stream is refused', () => {
    spec
      .given([reserved('m1', 1, LAST_MS)])
      .when(reserve('m2', MIDNIGHT))
      .thenThrows(DomainError, { code: 'QUOTA_DAY_MISMATCH' });
  });

  it('R-MSG-8: a retried reservation of the same message is counted once, even when the day is full', () => {
    spec.given(full).when(reserve('m2', LAST_MS)).then([]);
  });
});
