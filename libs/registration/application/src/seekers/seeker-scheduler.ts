import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { Clock } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { CLOCK, EVENT_LOG, PeriodicPassService, READ_DB } from '@hw/platform/nest';
import { SeekerCommand, seekerDecider, seekerStreamId } from '@hw/registration/domain';
import { issueClockCommand, RegistrationClock } from '../clock-command';
import { SeekerDue } from './seeker-read-models';

/** How often the scheduler looks for due seekers (the clock decides what is due). */
export const SEEKER_SCHEDULER_INTERVAL_MS = 1000;

/**
 * The process manager of time-driven seeker changes: on each tick it reads the clock, finds the
 * seekers whose application has expired (R-SKR-3) or whose 30 June window has closed (R-SKR-1)
 * in the due-date read model, and issues the command to each seeker's stream. The decider
 * re-checks against the stream (the source of truth), so a stale row or a second instance's tick
 * does nothing twice.
 */
@Injectable()
export class SeekerScheduler extends PeriodicPassService {
  private readonly scheduler: RegistrationClock;

  constructor(
    @Inject(EVENT_LOG) log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_DB) private readonly db: DataSource,
  ) {
    super('seeker-scheduler');
    this.scheduler = { log, id: 'seeker-scheduler', logger: new Logger('seeker-scheduler') };
  }

  protected passIntervalMs(): number {
    return SEEKER_SCHEDULER_INTERVAL_MS;
  }

  /** One pass; returns how many commands were issued. Overlapping calls share the pass. */
  tick(): Promise<number> {
    return this.runPass();
  }

  protected async pass(): Promise<number> {
    if (!this.db.isInitialized) return 0;
    const now = this.clock.now().toISOString();
    const due = this.db.getRepository(SeekerDue);
    const expiring = await due.find({ where: { expiresAt: LessThanOrEqual(now) }, take: 500 });
    const graduating = await due.find({ where: { eligibleFrom: Not(IsNull()) }, take: 500 });
    let issued = 0;
    for (const row of expiring) issued += await this.issue(row.seekerId, 'ExpireApplication', now);
    for (const row of graduating.filter((r) => (r.eligibleFrom as string) <= now))
      issued += await this.issue(row.seekerId, 'CloseNewGraduateWindow', now);
    return issued;
  }

  private issue(seekerId: string, type: 'ExpireApplication' | 'CloseNewGraduateWindow', at: string): Promise<number> {
    const command = { type, data: { seekerId, at, by: { kind: 'system', id: this.scheduler.id } } } as SeekerCommand;
    return issueClockCommand(this.scheduler, seekerDecider, seekerStreamId(seekerId), command, at, `${type} for a seeker`);
  }
}
