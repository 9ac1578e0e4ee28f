import { Inject, Injectable } from '@nestjs/common';
import { Between, DataSource } from 'typeorm';
import { Clock, DomainError } from '@hw/platform/core';
import { CLOCK, READ_DB, TokenClaims } from '@hw/platform/nest';
import { dailyHistory, historyRangePolicy, todayQuota } from '@hw/quota/domain';
import { QuotaDay, QuotaRegistration } from './entities';
import { QuotaHistoryView, TodayQuotaView } from './dto';

export const QUOTA_POLICY = Symbol('QUOTA_POLICY');
export interface QuotaPolicy {
  /** DAILY_MESSAGE_LIMIT, read the same way messaging reads it (R-MSG-2 policy). */
  dailyMessageLimit: number;
}

const notFound = () => new DomainError('REGISTRATION_NOT_FOUND', 'no such registration', 'R-ORG-1', 'not-found', 'registrationId');

/** Reads of the daily-count read model; time from the injected clock ("today" is Japan time). */
@Injectable()
export class QuotaQueries {
  constructor(
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(QUOTA_POLICY) private readonly policy: QuotaPolicy,
  ) {}

  async today(registrationId: string): Promise<TodayQuotaView> {
    const now = this.clock.now();
    const view = todayQuota(undefined, this.policy.dailyMessageLimit, now);
    const row = await this.db.getRepository(QuotaDay).findOneBy({ registrationId, day: view.day });
    return { registrationId, ...todayQuota(row ?? undefined, this.policy.dailyMessageLimit, now) };
  }

  /** Throws InvalidDayRangeError (field + rule) for a bad range. */
  async history(registrationId: string, query: { from?: string; to?: string }): Promise<QuotaHistoryView> {
    const range = historyRangePolicy(query, this.clock.now());
    const rows = await this.db
      .getRepository(QuotaDay)
      .find({ where: { registrationId, day: Between(range.from, range.to) }, order: { day: 'ASC' } });
    const days = dailyHistory(
      rows.map((r) => ({ day: r.day, sent: r.sent, limit: r.dayLimit })),
      range,
      this.policy.dailyMessageLimit,
    );
    return { registrationId, ...range, days };
  }

  /**
   * R-ORG-2 / R-STF-1: a bureau officer reads only registrations of its own prefecture (403
   * otherwise); the HQ auditor reads every registration. The prefecture comes from
   * registration's approval event.
   */
  async assertStaffMayRead(principal: TokenClaims, registrationId: string): Promise<void> {
    if (principal.kind !== 'staff') throw new DomainError('FORBIDDEN', 'staff only', 'R-STF-1', 'forbidden');
    const registration = await this.db.getRepository(QuotaRegistration).findOneBy({ registrationId });
    if (principal.role === 'hq-auditor') {
      if (!registration) throw notFound();
      return;
    }
    if (principal.role !== 'bureau-officer')
      throw new DomainError('FORBIDDEN', `staff:${principal.role} may not read quotas`, 'R-STF-1', 'forbidden');
    if (!registration) throw notFound();
    if (!principal.prefecture || principal.prefecture !== registration.prefecture)
      throw new DomainError('NOT_YOUR_BUREAU', "the registration belongs to another prefecture's labour bureau", 'R-ORG-2', 'forbidden');
  }
}
