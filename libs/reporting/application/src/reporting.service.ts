import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, EventMetadata } from '@hw/platform/core';
import { CommandOrStep, EventLog, foldRecorded, handleCommand, readState, toDomainEvent } from '@hw/platform/event-log';
import { callerMetadata, CLOCK, EVENT_LOG, PeriodicPassService, READ_DB, systemMetadata, TokenClaims } from '@hw/platform/nest';
import {
  draftNotFound,
  EnteredFigures,
  endedPeriodsSince,
  notYourBureau,
  reportNotFound,
  periodById,
  PERIOD_ID,
  PrefilledFigures,
  ReportCommand,
  reportDecider,
  ReportDraft,
  ReportEvent,
  ReportPeriod,
  ReportState,
  reportStreamId,
  resumedAfterSanction,
  SanctionDecision,
  StatusChange,
  wasActiveDuring,
} from '@hw/reporting/domain';
import { ReportingRegistration, ReportingStatusChange, ReportRow } from './entities';
import { REPORTING_CONFIG, ReportingConfig } from './reporting.config';
import { run } from './sql';

const SYSTEM_ID = 'reporting-clock';

/**
 * Reports (R-REP-1..3): the clock pass that opens each ended period's obligations with their
 * prefill and flags the overdue, and the organisation's and bureau's commands — each through
 * `handleCommand` on `report-<registrationId>-<yyyyQn>`.
 */
@Injectable()
export class ReportingService extends PeriodicPassService {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
  ) {
    super('reporting');
  }

  protected passIntervalMs(): number {
    return this.config.clockIntervalMs;
  }

  period(id: string): ReportPeriod {
    return periodById(id, this.config);
  }

  /** One pass of the reporting clock now; returns how many events it caused. Overlapping calls share the pass. */
  tick(): Promise<number> {
    return this.runPass();
  }

  /**
   * R-REP-1: every registration active at any moment of an ended period owes one report, opened
   * from 00:00 JST of the next quarter's first day; R-REP-3: every unfiled one is flagged at
   * 00:00 JST after its due day. The decider makes both idempotent (re-running opens nothing).
   */
  protected async pass(): Promise<number> {
    const now = this.clock.now();
    const at = now.toISOString();
    let caused = 0;
    const registrations = await this.db.getRepository(ReportingRegistration).find();
    const opened = new Set((await this.db.getRepository(ReportRow).find({ select: { streamId: true } })).map((r) => r.streamId));
    for (const registration of registrations) {
      const changes = await this.changesOf(registration.registrationId);
      for (const period of endedPeriodsSince(new Date(registration.approvedAt), now, this.config)) {
        const streamId = reportStreamId(registration.registrationId, period.id);
        if (opened.has(streamId) || !wasActiveDuring(registration.approvedAt, changes, period)) continue;
        const command = {
          prepare: async (): Promise<ReportCommand> => ({
            type: 'OpenObligation',
            data: {
              registrationId: registration.registrationId,
              prefecture: registration.prefecture,
              period,
              prefilled: await this.prefill(registration.registrationId, period),
              at,
            },
          }),
        };
        caused += (await handleCommand(this.log, reportDecider, streamId, command, this.metadata(null, at))).events.length;
      }
    }
    caused += await this.recount(now);
    const owed = await this.db.getRepository(ReportRow).find({ where: { status: 'owed' } });
    for (const row of owed.filter((r) => r.overdueAt <= at))
      caused += (await handleCommand(this.log, reportDecider, row.streamId, { type: 'FlagOverdue', data: { at } }, this.metadata(null, at)))
        .events.length;
    return caused;
  }

  /**
   * R-REP-2: every (registration, ended period) with a fact since its last count is recounted
   * into its report (a no-op when the figures agree or nothing is opened): a message in transit
   * at 00:00 JST, or a consumer that was behind, corrects the prefill instead of being lost. A
   * mark is deleted only with the stamp it was read with, so a fact committed meanwhile recounts.
   */
  private async recount(now: Date): Promise<number> {
    const at = now.toISOString();
    const marks = await run<Array<{ registration_id: string; period: string; stamp: string }>>(
      this.db.manager,
      `SELECT registration_id, period, stamp FROM reporting_prefill_checks`,
      {},
    );
    let caused = 0;
    for (const mark of marks) {
      const period = PERIOD_ID.test(mark.period) ? this.period(mark.period) : null;
      if (period && period.endsAt > at) continue; // not ended: the opening counts it
      if (period) {
        const registrationId = mark.registration_id;
        const command = {
          prepare: async (): Promise<ReportCommand> => ({
            type: 'CorrectPrefill',
            data: { prefilled: await this.prefill(registrationId, period), at },
          }),
        };
        const streamId = reportStreamId(registrationId, period.id);
        caused += (await handleCommand(this.log, reportDecider, streamId, command, this.metadata(null, at))).events.length;
      }
      await run(this.db.manager, `DELETE FROM reporting_prefill_checks WHERE registration_id = :r AND period = :p AND stamp = :s`, {
        r: mark.registration_id,
        p: mark.period,
        s: mark.stamp,
      });
    }
    return caused;
  }

  private async changesOf(registrationId: string): Promise<Array<StatusChange & { reason: string }>> {
    return this.db.getRepository(ReportingStatusChange).find({ where: { registrationId }, order: { at: 'ASC' } });
  }

  /**
   * R-REP-2: messages sent and distinct seekers who replied (distinct threads: one thread is one
   * registration × one seeker) on the period's Japan-time days; per department, the replies in
   * threads that department had messaged.
   */
  async prefill(registrationId: string, period: ReportPeriod): Promise<PrefilledFigures> {
    const range = { registrationId, first: period.firstDay, last: period.lastDay };
    const [sent] = await run<Array<{ n: string | number }>>(
      this.db.manager,
      `SELECT COUNT(*) AS n FROM reporting_messages WHERE registration_id = :registrationId AND day BETWEEN :first AND :last`,
      range,
    );
    const [replied] = await run<Array<{ n: string | number }>>(
      this.db.manager,
      `SELECT COUNT(DISTINCT thread_id) AS n FROM reporting_replies WHERE registration_id = :registrationId AND day BETWEEN :first AND :last`,
      range,
    );
    const bySent = await run<Array<{ department_id: string; n: string | number }>>(
      this.db.manager,
      `SELECT department_id, COUNT(*) AS n FROM reporting_messages WHERE registration_id = :registrationId AND day BETWEEN :first AND :last GROUP BY department_id`,
      range,
    );
    const byReplied = await run<Array<{ department_id: string; n: string | number }>>(
      this.db.manager,
      `SELECT m.department_id, COUNT(DISTINCT r.thread_id) AS n
         FROM reporting_replies r
         JOIN (SELECT DISTINCT thread_id, department_id FROM reporting_messages WHERE registration_id = :registrationId) m ON m.thread_id = r.thread_id
        WHERE r.registration_id = :registrationId AND r.day BETWEEN :first AND :last
        GROUP BY m.department_id`,
      range,
    );
    const departments = new Map<string, { departmentId: string; messagesSent: number; seekersReplied: number }>();
    const of = (id: string) => {
      const known = departments.get(id) ?? { departmentId: id, messagesSent: 0, seekersReplied: 0 };
      departments.set(id, known);
      return known;
    };
    for (const row of bySent) of(row.department_id).messagesSent = Number(row.n);
    for (const row of byReplied) of(row.department_id).seekersReplied = Number(row.n);
    return {
      messagesSent: Number(sent.n),
      seekersReplied: Number(replied.n),
      departments: [...departments.values()].sort((a, b) => (a.departmentId < b.departmentId ? -1 : 1)),
    };
  }

  /** R-REP-2: any user of the registration saves the entered figures as the draft of its unfiled report. */
  async saveDraft(
    principal: Extract<TokenClaims, { kind: 'organisation-user' }>,
    period: string,
    entered: EnteredFigures,
  ): Promise<DraftView> {
    await this.onReport(principal, principal.registrationId, period, (at) => ({
      type: 'SaveDraft',
      data: { registrationId: principal.registrationId, entered, by: principal.sub, at },
    }));
    return this.draft(principal.registrationId, period);
  }

  /** R-REP-2: the saved draft of the caller's registration's report, from its stream; DRAFT_NOT_FOUND when none (or once filed). */
  async draft(registrationId: string, period: string): Promise<DraftView> {
    const { state } = await readState(this.log, reportDecider, reportStreamId(registrationId, this.period(period).id));
    if (state.status === 'none') throw reportNotFound();
    if (!state.draft) throw draftNotFound();
    return { registrationId, period: state.period, ...state.draft };
  }

  /**
   * R-REP-1, R-REP-2: the organisation's administrator files its report (a zero report: every
   * entered figure 0); without `entered`, the saved draft's figures are filed.
   */
  async file(
    principal: Extract<TokenClaims, { kind: 'organisation-user' }>,
    period: string,
    entered?: EnteredFigures,
  ): Promise<ReportView> {
    await this.onReport(principal, principal.registrationId, period, (at) => ({
      type: 'FileReport',
      data: { registrationId: principal.registrationId, entered, admin: principal.admin === true, by: principal.sub, at },
    }));
    return this.report(principal.registrationId, period, true);
  }

  /** R-REP-2: an amendment with a reason: a new version. */
  async amend(
    principal: Extract<TokenClaims, { kind: 'organisation-user' }>,
    period: string,
    entered: EnteredFigures,
    reason: string,
  ): Promise<ReportView> {
    await this.onReport(principal, principal.registrationId, period, (at) => ({
      type: 'AmendReport',
      data: { registrationId: principal.registrationId, entered, reason, admin: principal.admin === true, by: principal.sub, at },
    }));
    return this.report(principal.registrationId, period);
  }

  /** R-REP-3, R-ORG-2: the bureau marks a filed report false. */
  async markFalse(principal: TokenClaims, registrationId: string, period: string, reason: string): Promise<ReportView> {
    await this.assertBureauOf(principal, registrationId);
    await this.onReport(principal, registrationId, period, (at) => ({
      type: 'MarkFalse',
      data: { bureauPrefecture: bureauOf(principal), reason, by: principal.sub, at },
    }));
    return this.report(registrationId, period);
  }

  /** R-REP-3: the proposal from the registration's history (a repeat after resumption → termination). */
  async proposal(registrationId: string): Promise<SanctionDecision> {
    return resumedAfterSanction(await this.changesOf(registrationId)) ? 'termination' : 'suspension';
  }

  /** R-REP-3, R-ORG-2: the bureau decides; registration carries it out (reporting.SanctionDecided.v1). */
  async decideSanction(
    principal: TokenClaims,
    registrationId: string,
    period: string,
    decision: SanctionDecision,
    reason: string,
    malicious: boolean,
  ): Promise<ReportView> {
    const bureauPrefecture = await this.assertBureauOf(principal, registrationId);
    await this.onReport(principal, registrationId, period, (at) => ({
      prepare: async (): Promise<ReportCommand> => ({
        type: 'DecideSanction',
        data: {
          bureauPrefecture,
          decision,
          reason,
          malicious,
          resumedAfterSanction: resumedAfterSanction(await this.changesOf(registrationId)),
          suspensionMonths: this.config.suspensionMonths,
          by: principal.sub,
          at,
        },
      }),
    }));
    return this.report(registrationId, period);
  }

  /** One action on a report's stream, decided at the clock's now and recorded as `principal`'s (the path every report action takes). */
  private async onReport(
    principal: TokenClaims,
    registrationId: string,
    period: string,
    command: (at: string) => CommandOrStep<ReportCommand, ReportState>,
  ): Promise<void> {
    const at = this.clock.now().toISOString();
    await handleCommand(
      this.log,
      reportDecider,
      reportStreamId(registrationId, this.period(period).id),
      command(at),
      this.metadata(principal, at),
    );
  }

  /**
   * One report from its stream (R-REP-2: every version readable; R-AUD-1: the log is the record).
   * The draft only with `withDraft` — the organisation's own view, never the bureau's.
   */
  async report(registrationId: string, period: string, withDraft = false): Promise<ReportView> {
    const streamId = reportStreamId(registrationId, this.period(period).id);
    const recorded = await this.log.readStream(streamId);
    const state = foldRecorded(reportDecider, recorded);
    if (state.status === 'none') throw reportNotFound();
    const events = recorded.map((r) => toDomainEvent<ReportEvent>(r));
    const overdue = events.some((e) => e.type === 'ReportFlaggedOverdue');
    const falseMark = events.find((e): e is Extract<ReportEvent, { type: 'ReportMarkedFalse' }> => e.type === 'ReportMarkedFalse');
    return {
      registrationId,
      period: state.period,
      prefecture: state.prefecture,
      status: state.status,
      dueDay: state.dueDay,
      flaggedOverdue: overdue,
      prefilled: state.prefilled,
      versions: 'versions' in state ? state.versions : [],
      ...(falseMark
        ? { markedFalse: { version: falseMark.data.version, reason: falseMark.data.reason, at: falseMark.data.markedAt } }
        : {}),
      ...(state.sanction ? { sanction: state.sanction } : {}),
      ...(withDraft && state.draft ? { draft: state.draft } : {}),
      logRevision: recorded.length - 1,
    };
  }

  /** Bureau staff act for their own prefecture (R-ORG-2); without one in the token, nothing. */
  assertBureau(principal: TokenClaims): string {
    return bureauOf(principal);
  }

  /** R-ORG-2: only the bureau of the registration's prefecture, checked before anything about the report is told. */
  async assertBureauOf(principal: TokenClaims, registrationId: string): Promise<string> {
    const bureau = bureauOf(principal);
    const registration = await this.db.getRepository(ReportingRegistration).findOneBy({ registrationId });
    if (!registration) throw reportNotFound();
    if (registration.prefecture !== bureau) throw notYourBureau();
    return bureau;
  }

  private metadata(principal: TokenClaims | null, at: string): EventMetadata {
    return principal ? callerMetadata(principal, at) : systemMetadata(SYSTEM_ID, at);
  }
}

const bureauOf = (principal: TokenClaims): string => {
  if (principal.kind !== 'staff' || principal.role !== 'bureau-officer' || !principal.prefecture) throw notYourBureau();
  return principal.prefecture;
};

export interface ReportView {
  registrationId: string;
  period: string;
  prefecture: string;
  status: 'owed' | 'overdue' | 'filed' | 'false';
  dueDay: string;
  flaggedOverdue: boolean;
  prefilled: PrefilledFigures;
  versions: Array<{ version: number; entered: EnteredFigures; late: boolean; reason?: string; at: string }>;
  markedFalse?: { version: number; reason: string; at: string };
  sanction?: SanctionDecision;
  /** The organisation's own view only (R-REP-2). */
  draft?: ReportDraft;
  logRevision: number;
}

export interface DraftView extends ReportDraft {
  registrationId: string;
  period: string;
}
