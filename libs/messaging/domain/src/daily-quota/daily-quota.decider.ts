import { decideByType, Decider, tokyoDay } from '@hw/platform/core';
import { DailyQuotaCommand, ReserveMessageQuota } from './daily-quota.commands';
import { quotaDayMismatch } from './daily-quota.errors';
import { DailyQuotaEvent } from './daily-quota.events';
import { dailyLimitPolicy } from './daily-quota.policies';
import { DailyQuotaState, evolveDailyQuota, initialDailyQuotaState } from './daily-quota.state';

export const decideReserveMessageQuota = ({ data }: ReserveMessageQuota, state: DailyQuotaState): DailyQuotaEvent[] => {
  const { registrationId, messageId, departmentId, userId, limit, at } = data;
  const day = tokyoDay(at);
  if (state.status === 'in-use' && state.day !== day) throw quotaDayMismatch();
  // R-MSG-8: a retried send reserves once.
  if (state.status === 'in-use' && state.messageIds.has(messageId)) return [];
  const used = state.status === 'in-use' ? state.used : 0;
  dailyLimitPolicy(used, limit, at);
  const reserved = { registrationId, day, messageId, departmentId, userId, sequence: used + 1, limit, reservedAt: at.toISOString() };
  return [{ type: 'MessageQuotaReserved', data: reserved }];
};

export const decideDailyQuota = decideByType<DailyQuotaCommand, DailyQuotaState, DailyQuotaEvent>({
  ReserveMessageQuota: decideReserveMessageQuota,
});

/** The daily quota aggregate (stream `daily-quota-<registrationId>-<yyyymmdd>`): R-MSG-2, R-MSG-8. */
export const dailyQuotaDecider: Decider<DailyQuotaCommand, DailyQuotaEvent, DailyQuotaState> = {
  initialState: initialDailyQuotaState,
  decide: decideDailyQuota,
  evolve: evolveDailyQuota,
};
