import { assertNever, GrowOnlySet } from '@hw/platform/core';
import { DailyQuotaEvent } from './daily-quota.events';

/**
 * The daily message quota of one registration for one Japan-time calendar day (R-MSG-2).
 * Stream: `daily-quota-<registrationId>-<yyyymmdd>`. Every organisation message reserves one
 * place before it is recorded; the stream's expected revision makes the count exact across
 * processes. The limit is policy (DAILY_MESSAGE_LIMIT, default 1,000).
 */
export const DEFAULT_DAILY_MESSAGE_LIMIT = 1000;

export const dailyQuotaStreamId = (registrationId: string, day: string): string => `daily-quota-${registrationId}-${day}`;

export type DailyQuotaState =
  { status: 'unused' } | { status: 'in-use'; registrationId: string; day: string; used: number; messageIds: GrowOnlySet<string> };

export const initialDailyQuotaState = (): DailyQuotaState => ({ status: 'unused' });

export const evolveDailyQuota = (state: DailyQuotaState, event: DailyQuotaEvent): DailyQuotaState => {
  switch (event.type) {
    case 'MessageQuotaReserved': {
      const { registrationId, day } = event.data;
      const fresh = { status: 'in-use' as const, registrationId, day, used: 0, messageIds: GrowOnlySet.empty<string>() };
      const base = state.status === 'in-use' ? state : fresh;
      // Immutable: a state handed out (e.g. a cached one) never changes under its holder.
      return { ...base, used: base.used + 1, messageIds: base.messageIds.with(event.data.messageId) };
    }
    default:
      return assertNever(event.type);
  }
};
