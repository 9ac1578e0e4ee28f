import { assertNever, Decider, DomainError, GrowOnlySet, nextTokyoMidnight, tokyoDay } from '@hw/platform/core';

/**
 * The daily message quota of one registration for one Japan-time calendar day (R-MSG-2).
 * Stream: `daily-quota-<registrationId>-<yyyymmdd>`. Every organisation message reserves one
 * place before it is recorded; the stream's expected revision makes the count exact across
 * processes. The limit is policy (DAILY_MESSAGE_LIMIT, default 1,000).
 */
export const DEFAULT_DAILY_MESSAGE_LIMIT = 1000;

export const dailyQuotaStreamId = (registrationId: string, day: string): string => `daily-quota-${registrationId}-${day}`;

export interface MessageQuotaReservedData {
  registrationId: string;
  /** yyyymmdd, Japan time. */
  day: string;
  messageId: string;
  departmentId: string;
  userId: string;
  /** 1-based place of this message in the day's count. */
  sequence: number;
  limit: number;
  reservedAt: string;
}

export type DailyQuotaEvent = { type: 'MessageQuotaReserved'; data: MessageQuotaReservedData };

export interface ReserveMessageQuota {
  type: 'ReserveMessageQuota';
  data: { registrationId: string; messageId: string; departmentId: string; userId: string; limit: number; at: Date };
}
export type DailyQuotaCommand = ReserveMessageQuota;

export type DailyQuotaState =
  | { status: 'unused' }
  | { status: 'in-use'; registrationId: string; day: string; used: number; messageIds: GrowOnlySet<string> };

/** R-MSG-2: the message that would exceed the day's limit is refused; says the limit and when it resets. */
export class DailyLimitReachedError extends DomainError {
  constructor(limit: number, resetsAt: Date) {
    super(
      'DAILY_LIMIT_REACHED',
      `the registration has sent its ${limit} messages for today (Japan time); the limit resets at ${resetsAt.toISOString()} (00:00 JST)`,
      'R-MSG-2',
      'limit',
      undefined,
      { limit, resetsAt: resetsAt.toISOString() },
    );
  }
}

export class QuotaDayMismatchError extends DomainError {
  constructor() {
    super('QUOTA_DAY_MISMATCH', 'a reservation belongs to the Japan-time day of its own instant', 'R-MSG-2', 'conflict');
  }
}

/** R-MSG-2: one policy, named after the rule. */
export const dailyLimitPolicy = (used: number, limit: number, at: Date): void => {
  if (used >= limit) throw new DailyLimitReachedError(limit, nextTokyoMidnight(at));
};

export const dailyQuotaDecider: Decider<DailyQuotaCommand, DailyQuotaEvent, DailyQuotaState> = {
  initialState: () => ({ status: 'unused' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'ReserveMessageQuota': {
        const { registrationId, messageId, departmentId, userId, limit, at } = command.data;
        const day = tokyoDay(at);
        if (state.status === 'in-use' && state.day !== day) throw new QuotaDayMismatchError();
        // R-MSG-8: a retried send reserves once.
        if (state.status === 'in-use' && state.messageIds.has(messageId)) return [];
        const used = state.status === 'in-use' ? state.used : 0;
        dailyLimitPolicy(used, limit, at);
        return [
          {
            type: 'MessageQuotaReserved',
            data: { registrationId, day, messageId, departmentId, userId, sequence: used + 1, limit, reservedAt: at.toISOString() },
          },
        ];
      }
      default:
        return assertNever(command.type);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'MessageQuotaReserved': {
        const base =
          state.status === 'in-use'
            ? state
            : { status: 'in-use' as const, registrationId: event.data.registrationId, day: event.data.day, used: 0, messageIds: GrowOnlySet.empty<string>() };
        // Immutable: a state handed out (e.g. a cached one) never changes under its holder.
        return { ...base, used: base.used + 1, messageIds: base.messageIds.with(event.data.messageId) };
      }
      default:
        return assertNever(event.type);
    }
  },
};
