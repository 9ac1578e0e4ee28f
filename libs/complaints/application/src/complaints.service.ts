import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError, newId } from '@hw/platform/core';
import { EventLog, handleCommand, readState } from '@hw/platform/event-log';
import {
  callerMetadata,
  CLOCK,
  CONFIG,
  EVENT_LOG,
  PeriodicPassService,
  PlatformConfig,
  READ_DB,
  systemMetadata,
  TokenClaims,
} from '@hw/platform/nest';
import { SeekerKeyRing } from '@hw/platform/projections';
import { threadIdOf } from '@hw/messaging/contracts';
import { seekerReference } from '@hw/matching/contracts';
import {
  ComplaintActor,
  ComplaintCategory,
  ComplaintCommand,
  complaintDecider,
  ComplaintErrors,
  ComplaintEvent,
  ComplaintState,
  complaintStreamId,
  DeskOutcome,
  EscalationReason,
  FiledComplaintState,
  SanctionDecision,
} from '@hw/complaints/domain';
import { ComplaintErasedSeekerRow, ComplaintRegistrationRow, ComplaintRow, ComplaintThreadRow } from './entities';
import { COMPLAINTS_KEYS, COMPLAINTS_POLICY, ComplaintsPolicy } from './complaints-keys';

const DAY_MS = 86_400_000;

export const actorOf = (p: TokenClaims): ComplaintActor => {
  switch (p.kind) {
    case 'seeker':
      return { kind: 'seeker', id: p.sub };
    case 'organisation-user':
      return { kind: 'organisation-user', id: p.sub, registrationId: p.registrationId, complaintOfficer: p.complaintOfficer === true };
    case 'staff':
      return {
        kind: 'staff',
        id: p.sub,
        role: p.role,
        ...(p.officeCode ? { officeCode: p.officeCode } : {}),
        ...(p.prefecture ? { prefecture: p.prefecture } : {}),
      };
  }
};

/** A command as its caller words it: the actor and the time are added from the token and the clock. */
export type CallerCommand<C> = C extends unknown ? Omit<C, 'actor' | 'at'> : never;

export interface ComplaintView {
  complaintId: string;
  registrationId: string;
  category: string;
  status: string;
  filedAt: string;
  acknowledgeBy: string;
  answerBy: string;
  overdue: string[];
  deskOffice?: string;
  /** Undefined once the seeker is erased (R-AUD-2). */
  text?: string;
  messageIds: string[];
  /** The course of handling, every step (R-CMP-4), texts opened for this reader. */
  history: Array<{
    type: string;
    at: string;
    from?: string;
    text?: string;
    outcome?: string;
    decision?: string;
    reason?: string;
    until?: string;
  }>;
}

/**
 * The complaint path: every change is one command through `handleCommand` on the complaint's
 * stream (R-CMP-4: events only); texts sealed under the seeker's key first (R-AUD-2). Facts the
 * decider needs — a shared thread (R-CMP-1), the registration's prefecture (R-ORG-2) — are read
 * in the prepare step, so a retried decision reads them again.
 */
@Injectable()
export class ComplaintsService extends PeriodicPassService {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(COMPLAINTS_KEYS) private readonly keys: SeekerKeyRing,
    @Inject(COMPLAINTS_POLICY) private readonly policy: ComplaintsPolicy,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {
    super('complaints');
  }

  protected passIntervalMs(): number {
    return this.policy.clockIntervalMs;
  }

  async file(
    p: TokenClaims,
    input: { registrationId: string; category: ComplaintCategory; text: string; messageIds: string[]; officeCode: string },
  ): Promise<{ complaintId: string; acknowledgeBy: string; answerBy: string }> {
    if (p.kind !== 'seeker') throw ComplaintErrors.notTheSeeker();
    await this.refuseErased(p.sub);
    const complaintId = newId();
    const now = this.clock.now();
    const sealedText = await this.keys.seal(p.sub, input.text);
    const acknowledgeBy = new Date(now.getTime() + this.policy.acknowledgeDays * DAY_MS).toISOString();
    const answerBy = new Date(now.getTime() + this.policy.answerDays * DAY_MS).toISOString();
    await this.run(p, complaintId, {
      prepare: async () => ({
        type: 'FileComplaint',
        actor: actorOf(p),
        at: now.toISOString(),
        complaintId,
        registrationId: input.registrationId,
        category: input.category,
        sealedText,
        messageIds: input.messageIds,
        officeCode: input.officeCode,
        sharesThread:
          (await this.db
            .getRepository(ComplaintThreadRow)
            .countBy({ threadId: threadIdOf(input.registrationId, p.sub), registrationId: input.registrationId })) > 0,
        acknowledgeBy,
        answerBy,
      }),
    });
    return { complaintId, acknowledgeBy, answerBy };
  }

  acknowledge = (p: TokenClaims, complaintId: string) => this.simple(p, complaintId, { type: 'AcknowledgeComplaint' });
  resolve = (p: TokenClaims, complaintId: string) => this.simple(p, complaintId, { type: 'ResolveComplaint' });

  async post(p: TokenClaims, complaintId: string, text: string): Promise<{ messageId: string }> {
    const messageId = newId();
    const sealedBody = await this.sealFor(complaintId, text);
    await this.simple(p, complaintId, { type: 'PostComplaintMessage', messageId, sealedBody });
    return { messageId };
  }

  async answer(p: TokenClaims, complaintId: string, text: string): Promise<void> {
    await this.simple(p, complaintId, { type: 'AnswerComplaint', sealedAnswer: await this.sealFor(complaintId, text) });
  }

  async escalate(p: TokenClaims, complaintId: string, reason: EscalationReason, text: string, officeCode?: string): Promise<void> {
    const sealedReason = await this.sealFor(complaintId, text);
    await this.simple(p, complaintId, { type: 'EscalateComplaint', reason, sealedReason, ...(officeCode ? { officeCode } : {}) });
  }

  async deskStep(p: TokenClaims, complaintId: string, note: string): Promise<void> {
    await this.simple(p, complaintId, { type: 'RecordDeskStep', sealedNote: await this.sealFor(complaintId, note) });
  }

  async deskOutcome(p: TokenClaims, complaintId: string, outcome: DeskOutcome, note: string): Promise<void> {
    const sealedNote = await this.sealFor(complaintId, note);
    await this.run(p, complaintId, {
      prepare: async (state: ComplaintState) => {
        const prefecture = state.status === 'none' ? undefined : await this.prefectureOf(state.complaint.registrationId);
        return {
          type: 'RecordDeskOutcome',
          actor: actorOf(p),
          at: this.clock.now().toISOString(),
          outcome,
          sealedNote,
          ...(prefecture ? { prefecture } : {}),
        };
      },
    });
  }

  /** R-CMP-3: the complaint officer consults a desk; the consulted desk answers. Texts sealed under the complainant's key. */
  async consult(p: TokenClaims, complaintId: string, text: string, officeCode?: string): Promise<void> {
    await this.simple(p, complaintId, {
      type: 'ConsultDesk',
      sealedText: await this.sealFor(complaintId, text),
      ...(officeCode ? { officeCode } : {}),
    });
  }

  async answerConsultation(p: TokenClaims, complaintId: string, text: string): Promise<void> {
    await this.simple(p, complaintId, { type: 'AnswerConsultation', sealedText: await this.sealFor(complaintId, text) });
  }

  decideSanction = (p: TokenClaims, complaintId: string, decision: SanctionDecision, until?: string) =>
    this.simple(p, complaintId, { type: 'DecideSanction', decision, ...(until ? { until } : {}) });

  /** Lists by who asks (deny by default): own complaints, own registration's (officer only), the desk's office, the bureau's prefecture, all (HQ). */
  async list(p: TokenClaims): Promise<Array<Omit<ComplaintRow, 'seekerId'> & { seekerId?: string; seekerRef?: string }>> {
    const rows = await this.rows(p);
    if (p.kind !== 'organisation-user') return rows;
    // R-SKR-5: an organisation knows a seeker only by its pseudonymous reference, never the seeker id.
    return rows.map(({ seekerId, ...row }) => ({
      ...row,
      seekerRef: seekerReference(this.config.seekerReferenceSecret, row.registrationId, seekerId),
    }));
  }

  private async rows(p: TokenClaims): Promise<ComplaintRow[]> {
    const q = this.db.getRepository(ComplaintRow).createQueryBuilder('c').orderBy('c.filed_at', 'ASC');
    if (p.kind === 'seeker') return q.where('c.seeker_id = :id', { id: p.sub }).getMany();
    if (p.kind === 'organisation-user') {
      if (!p.complaintOfficer) throw ComplaintErrors.notComplaintOfficer();
      return q.where('c.registration_id = :id', { id: p.registrationId }).getMany();
    }
    if (p.role === 'hq-auditor') return q.getMany();
    if (p.role === 'complaint-desk' && p.officeCode)
      return q.where('(c.desk_office = :office OR c.consulted_office = :office)', { office: p.officeCode }).getMany();
    if (p.role === 'bureau-officer' && p.prefecture)
      return q
        .innerJoin(ComplaintRegistrationRow, 'r', 'r.registration_id = c.registration_id')
        .where('c.desk_office IS NOT NULL')
        .andWhere('(c.prefecture = :pref OR (c.prefecture IS NULL AND r.prefecture = :pref))', { pref: p.prefecture })
        .getMany();
    throw ComplaintErrors.notAllowedToRead();
  }

  /** One complaint with its texts; a staff read is recorded first, as an event (R-STF-2). */
  async get(p: TokenClaims, complaintId: string): Promise<ComplaintView> {
    const { state } = await readState(this.log, complaintDecider, complaintStreamId(complaintId));
    const s = state.status === 'none' ? undefined : state;
    if (!s) throw ComplaintErrors.notFound();
    if (p.kind === 'seeker' && p.sub !== s.complaint.seekerId) throw ComplaintErrors.notFound();
    if (p.kind === 'organisation-user' && (p.registrationId !== s.complaint.registrationId || !p.complaintOfficer))
      throw ComplaintErrors.notComplaintOfficer();
    if (p.kind === 'staff') {
      const registrationPrefecture = await this.prefectureOf(s.complaint.registrationId);
      await this.simple(p, complaintId, { type: 'RecordStaffRead', ...(registrationPrefecture ? { registrationPrefecture } : {}) });
    }
    const recorded = await this.log.readStream(complaintStreamId(complaintId));
    const reader = p.kind === 'seeker' ? 'seeker' : p.kind === 'organisation-user' ? 'organisation' : 'staff';
    return this.view(
      s,
      recorded.map((r) => ({ type: r.type, data: r.data }) as ComplaintEvent),
      reader,
    );
  }

  /** R-CMP-1: the clock's pass: every complaint past a due time, not done, gets its ComplaintOverdue. */
  async flagOverdue(): Promise<number> {
    const now = this.clock.now().toISOString();
    const due = await this.db
      .getRepository(ComplaintRow)
      .createQueryBuilder('c')
      .select('c.complaint_id', 'complaintId')
      .where("c.status IN ('filed', 'acknowledged')")
      .andWhere(
        "((c.status = 'filed' AND c.acknowledgement_overdue = :no AND c.acknowledge_by < :now) OR (c.answer_overdue = :no AND c.answer_by < :now))",
        { now, no: false },
      )
      .getRawMany<{ complaintId: string }>();
    let issued = 0;
    for (const { complaintId } of due) {
      const metadata = systemMetadata('complaints-clock', now);
      const result = await handleCommand(
        this.log,
        complaintDecider,
        complaintStreamId(complaintId),
        { type: 'FlagOverdue', actor: { kind: 'system', id: 'complaints-clock' }, at: now },
        metadata,
      );
      issued += result.events.length;
    }
    return issued;
  }

  protected pass(): Promise<number> {
    return this.flagOverdue();
  }

  runClockPass(): Promise<number> {
    return this.runPass();
  }

  /**
   * The course of handling as `reader` may see it. R-CMP-2 / R-SKR-5: once escalated, the desk's
   * conversation with the seeker (messages either way), the seeker's escalation reason and the
   * desk's notes are between the seeker and Hello Work: the organisation is served only that they
   * happened (type, time, outcome), never their texts nor the desk's messages — only the parts it
   * is party to (the conversation while the complaint was with it, its answer, its consultation).
   */
  private async view(
    s: FiledComplaintState,
    events: ComplaintEvent[],
    reader: 'seeker' | 'organisation' | 'staff',
  ): Promise<ComplaintView> {
    const forSeeker = reader === 'seeker';
    const forOrganisation = reader === 'organisation';
    let escalated = false;
    const seekerId = s.complaint.seekerId;
    const erased = (await this.db.getRepository(ComplaintErasedSeekerRow).countBy({ seekerId })) > 0;
    const open = async (sealed: string) => (erased ? undefined : this.keys.open(seekerId, sealed));
    /** A step's text, unless it is not for this reader. */
    const textUnless = async (hidden: boolean, sealed: string) => (hidden ? {} : { text: await open(sealed) });
    const history: ComplaintView['history'] = [];
    for (const e of events) {
      const d = e.data as { at?: string };
      switch (e.type) {
        case 'ComplaintFiled':
          break;
        case 'ComplaintMessagePosted':
          if (forOrganisation && (escalated || e.data.from === 'complaint-desk')) break; // R-CMP-2 / R-SKR-5
          history.push({ type: e.type, at: e.data.at, from: e.data.from, text: await open(e.data.sealedBody) });
          break;
        case 'ComplaintAnswered':
          history.push({ type: e.type, at: e.data.at, text: await open(e.data.sealedAnswer) });
          break;
        case 'ComplaintEscalated':
          escalated = true;
          history.push({ type: e.type, at: e.data.at, reason: e.data.reason, ...(await textUnless(forOrganisation, e.data.sealedReason)) });
          break;
        case 'DeskConsulted':
        case 'ConsultationAnswered':
          // R-CMP-3: the organisation's consultation with the desk is between them; the seeker sees that it happened.
          history.push({ type: e.type, at: e.data.at, ...(await textUnless(forSeeker, e.data.sealedText)) });
          break;
        case 'DeskStepRecorded':
          history.push({ type: e.type, at: e.data.at, ...(await textUnless(forOrganisation, e.data.sealedNote)) });
          break;
        case 'DeskOutcomeRecorded':
          history.push({ type: e.type, at: e.data.at, outcome: e.data.outcome, ...(await textUnless(forOrganisation, e.data.sealedNote)) });
          break;
        case 'SanctionDecided':
          history.push({ type: e.type, at: e.data.at, decision: e.data.decision, ...(e.data.until ? { until: e.data.until } : {}) });
          break;
        default:
          history.push({ type: e.type, at: d.at ?? '' });
      }
    }
    const c = s.complaint;
    return {
      complaintId: c.complaintId,
      registrationId: c.registrationId,
      category: c.category,
      status: s.status,
      filedAt: c.filedAt,
      acknowledgeBy: c.acknowledgeBy,
      answerBy: c.answerBy,
      overdue: s.overdue,
      ...(s.deskOffice ? { deskOffice: s.deskOffice } : {}),
      text: await open(c.sealedText),
      messageIds: c.messageIds,
      history,
    };
  }

  private async prefectureOf(registrationId: string): Promise<string | undefined> {
    return (await this.db.getRepository(ComplaintRegistrationRow).findOneBy({ registrationId }))?.prefecture;
  }

  private async refuseErased(seekerId: string): Promise<void> {
    if ((await this.db.getRepository(ComplaintErasedSeekerRow).countBy({ seekerId })) > 0)
      throw new DomainError('SEEKER_ERASED', 'the seeker is erased', 'R-AUD-2', 'refused');
  }

  /** Texts of a complaint are sealed under its complainant's key, whoever writes them (R-AUD-2). */
  private async sealFor(complaintId: string, text: string): Promise<string> {
    const { state } = await readState(this.log, complaintDecider, complaintStreamId(complaintId));
    if (state.status === 'none') throw ComplaintErrors.notFound();
    await this.refuseErased(state.complaint.seekerId);
    return this.keys.seal(state.complaint.seekerId, text);
  }

  private simple(p: TokenClaims, complaintId: string, command: CallerCommand<ComplaintCommand>): Promise<void> {
    return this.run(p, complaintId, { ...command, actor: actorOf(p), at: this.clock.now().toISOString() } as ComplaintCommand);
  }

  private async run(
    p: TokenClaims,
    complaintId: string,
    command: ComplaintCommand | { prepare: (state: ComplaintState) => Promise<ComplaintCommand> },
  ): Promise<void> {
    const metadata = callerMetadata(p, this.clock.now().toISOString());
    await handleCommand(this.log, complaintDecider, complaintStreamId(complaintId), command, metadata);
  }
}
