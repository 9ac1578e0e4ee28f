import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, newId } from '@hw/platform/core';
import { EventLog, handleCommand, readState } from '@hw/platform/event-log';
import { callerMetadata, CLOCK, EVENT_LOG, READ_DB, TokenClaims } from '@hw/platform/nest';
import { SeekerKeyRing } from '@hw/platform/projections';
import {
  ConsultationCommand,
  consultationDecider,
  ConsultationErrors,
  ConsultationEvent,
  consultationStreamId,
} from '@hw/complaints/domain';
import { ComplaintThreadRow, ConsultationErasedRow, ConsultationRow } from './entities';
import { COMPLAINTS_KEYS } from './complaints-keys';
import { actorOf, CallerCommand } from './complaints.service';

export interface ConsultationView {
  consultationId: string;
  registrationId: string;
  officeCode: string;
  threadId?: string;
  status: string;
  openedAt: string;
  /** Undefined once the seeker the thread names is erased (R-AUD-2). */
  text?: string;
  answer?: { at: string; text?: string };
  /** Each staff read, as recorded (R-STF-2). */
  reads: Array<{ role: string; at: string }>;
}

/**
 * R-CMP-3 without a complaint: the registration's complaint officer consults the complaint desk of
 * an office about trouble with a seeker — named by the registration's own thread, or not at all.
 * Its own stream `consultation-<id>`; every change one command through `handleCommand`.
 *
 * Sealing (R-AUD-2): the text and the answer are sealed in the complaints key ring under the
 * consultation's own key (key id = consultationId), not a seeker's: the organisation never knows
 * the seeker id, and complaints cannot derive it from the thread. When `registration.SeekerErased.v1`
 * arrives, complaints recomputes `threadIdOf(registrationId, seekerId)` for the registrations that
 * named a thread and destroys the key of every consultation naming the erased seeker's thread
 * (consumers.ts): its text and answer no longer open, in the log, replays and backups. A
 * consultation that names no seeker holds the organisation's own account; its key is kept.
 */
@Injectable()
export class ConsultationsService {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(COMPLAINTS_KEYS) private readonly keys: SeekerKeyRing,
  ) {}

  async open(p: TokenClaims, input: { officeCode: string; text: string; threadId?: string }): Promise<{ consultationId: string }> {
    if (p.kind !== 'organisation-user' || !p.complaintOfficer) throw ConsultationErrors.notComplaintOfficer();
    const consultationId = newId();
    const sealedText = await this.keys.seal(consultationId, input.text);
    const registrationId = p.registrationId;
    await this.run(p, consultationId, async () => ({
      type: 'OpenConsultation',
      actor: actorOf(p),
      at: this.clock.now().toISOString(),
      consultationId,
      registrationId,
      officeCode: input.officeCode,
      ...(input.threadId ? { threadId: input.threadId } : {}),
      sealedText,
      threadOfRegistration:
        input.threadId !== undefined &&
        (await this.db.getRepository(ComplaintThreadRow).countBy({ threadId: input.threadId, registrationId })) > 0,
    }));
    return { consultationId };
  }

  /** Deny by default: the registration's complaint officers their own; a desk its office's; the HQ auditor all. No texts. */
  async list(p: TokenClaims): Promise<ConsultationRow[]> {
    const q = this.db.getRepository(ConsultationRow).createQueryBuilder('k').orderBy('k.opened_at', 'ASC');
    if (p.kind === 'organisation-user' && p.complaintOfficer) return q.where('k.registration_id = :id', { id: p.registrationId }).getMany();
    if (p.kind === 'staff' && p.role === 'hq-auditor') return q.getMany();
    if (p.kind === 'staff' && p.role === 'complaint-desk' && p.officeCode)
      return q.where('k.office_code = :office', { office: p.officeCode }).getMany();
    throw ConsultationErrors.notVisible();
  }

  /** One consultation with its texts; a staff read is recorded first, as an event (R-STF-2). */
  async get(p: TokenClaims, consultationId: string): Promise<ConsultationView> {
    if (p.kind === 'organisation-user' && !p.complaintOfficer) throw ConsultationErrors.notComplaintOfficer();
    if (p.kind === 'seeker') throw ConsultationErrors.notVisible();
    const { state } = await readState(this.log, consultationDecider, consultationStreamId(consultationId));
    if (state.status === 'none') throw ConsultationErrors.notFound();
    const c = state.consultation;
    if (p.kind === 'organisation-user' && p.registrationId !== c.registrationId) throw ConsultationErrors.notVisible();
    if (p.kind === 'staff') await this.run(p, consultationId, async () => this.command(p, { type: 'RecordConsultationRead' }));
    const erased = (await this.db.getRepository(ConsultationErasedRow).countBy({ consultationId })) > 0;
    const open = async (sealed: string) => (erased ? undefined : this.keys.open(consultationId, sealed));
    const events = (await this.log.readStream(consultationStreamId(consultationId))).map(
      (r) => ({ type: r.type, data: r.data }) as ConsultationEvent,
    );
    let answer: ConsultationView['answer'];
    const reads: ConsultationView['reads'] = [];
    for (const e of events) {
      if (e.type === 'ConsultationAnswered') answer = { at: e.data.at, text: await open(e.data.sealedAnswer) };
      if (e.type === 'ConsultationRead') reads.push({ role: e.data.role, at: e.data.at });
    }
    return {
      consultationId,
      registrationId: c.registrationId,
      officeCode: c.officeCode,
      ...(c.threadId ? { threadId: c.threadId } : {}),
      status: state.status,
      openedAt: c.openedAt,
      text: await open(c.sealedText),
      ...(answer ? { answer } : {}),
      reads,
    };
  }

  async answer(p: TokenClaims, consultationId: string, text: string): Promise<void> {
    const { state } = await readState(this.log, consultationDecider, consultationStreamId(consultationId));
    if (state.status === 'none') throw ConsultationErrors.notFound();
    // R-AUD-2: nothing new is sealed under a destroyed key.
    if ((await this.db.getRepository(ConsultationErasedRow).countBy({ consultationId })) > 0) throw ConsultationErrors.erased();
    const sealedAnswer = await this.keys.seal(consultationId, text);
    await this.run(p, consultationId, async () => this.command(p, { type: 'AnswerConsultation', sealedAnswer }));
  }

  private command(p: TokenClaims, c: CallerCommand<Exclude<ConsultationCommand, { type: 'OpenConsultation' }>>) {
    return { ...c, actor: actorOf(p), at: this.clock.now().toISOString() } as ConsultationCommand;
  }

  private async run(p: TokenClaims, consultationId: string, prepare: () => Promise<ConsultationCommand>): Promise<void> {
    const metadata = callerMetadata(p, this.clock.now().toISOString());
    await handleCommand(this.log, consultationDecider, consultationStreamId(consultationId), { prepare }, metadata);
  }
}
