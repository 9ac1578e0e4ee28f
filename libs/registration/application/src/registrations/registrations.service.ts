import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { Clock, EventMetadata, newId } from '@hw/platform/core';
import { EventLog, handleCommand, readState } from '@hw/platform/event-log';
import { callerMetadata, CLOCK, EVENT_LOG, PeriodicPassService, READ_DB, systemMetadata, TokenClaims } from '@hw/platform/nest';
import {
  ApplicationDetails,
  isLiveRegistration,
  notMessagedBy,
  notOwnBureau,
  notThisRegistration,
  RegistrationActor,
  RegistrationCommand,
  registrationDecider,
  registrationNotFound,
  RegistrationState,
  registrationStreamId,
  RESERVATION_GRACE_MS,
  ReservationKey,
  reservationDecider,
  reservationStreamId,
} from '@hw/registration/domain';
import { threadIdOf } from '@hw/messaging/contracts';
import { RegistrationMessagedThread } from './messaged-threads.consumer';
import { OrganisationRegistrationRow } from './registration-read-model';
import { REGISTRATION_CONFIG, RegistrationConfig } from './registration.config';
import { issueClockCommand, RegistrationClock } from '../clock-command';

/** The system principal of the registration clock (usage periods, sanctions' ends). */
const CLOCK_ID = 'registration-clock';

export type LiveRegistration = Exclude<RegistrationState, { status: 'none' }>;

export const actorOf = (principal: TokenClaims): RegistrationActor => ({
  kind: principal.kind,
  id: principal.sub,
  ...(principal.kind === 'staff' ? { role: principal.role, prefecture: principal.prefecture } : {}),
  ...(principal.kind === 'organisation-user' ? { registrationId: principal.registrationId } : {}),
});

/**
 * Organisations' registrations: command handling over `registration-<id>` streams, the
 * per-number reservations (R-ORG-3, R-ORG-4), reads with R-ORG-2 visibility, and the clock that
 * expires usage periods and ends sanctions (R-ORG-1), as events in the log.
 */
@Injectable()
export class RegistrationsService extends PeriodicPassService {
  private readonly registrationClock: RegistrationClock;

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(REGISTRATION_CONFIG) readonly config: RegistrationConfig,
  ) {
    super('registrations');
    this.registrationClock = { log, id: CLOCK_ID, logger: new Logger('registrations') };
  }

  protected passIntervalMs(): number {
    return this.config.REGISTRATION_CLOCK_INTERVAL_MS;
  }

  now(): string {
    return this.clock.now().toISOString();
  }

  /**
   * Submits an application. The application is checked first; then the permit number / local
   * government code is reserved on its own stream with the expected revision (exact under
   * concurrency: one of two racing applications wins), then the registration stream is written.
   */
  async submit(application: ApplicationDetails, principal: TokenClaims): Promise<string> {
    const registrationId = newId();
    const at = this.now();
    const command: RegistrationCommand = { type: 'SubmitApplication', data: { registrationId, at, by: actorOf(principal), application } };
    // Every rule of the application (and R-ORG-2) before anything is reserved.
    registrationDecider.decide(command, registrationDecider.initialState());
    const key: ReservationKey =
      application.kind === 'local-government'
        ? { kind: 'local-government', code: application.localGovernmentCode as string }
        : { kind: 'permit', permitNumber: application.permitNumber as string };
    await this.reserve(key, registrationId, principal, at);
    await this.execute(command, principal);
    return registrationId;
  }

  private async reserve(key: ReservationKey, registrationId: string, principal: TokenClaims, at: string): Promise<void> {
    await handleCommand(
      this.log,
      reservationDecider,
      reservationStreamId(key),
      // The holder's liveness is a fact of another stream, read again for the state of each attempt.
      {
        prepare: async (state) => ({
          type: 'Reserve' as const,
          data: {
            key,
            registrationId,
            holderLive: state.holder ? await this.holderLive(state.holder, state.reservedAt as string, at) : false,
            at,
          },
        }),
      },
      this.metadata(principal),
    );
  }

  /**
   * Whether a reservation's holder is live: its registration is submitted, active or suspended —
   * or not written yet but reserved within the grace period (another submit is in flight).
   */
  private async holderLive(holder: string, reservedAt: string, at: string): Promise<boolean> {
    const status = (await this.load(holder)).status;
    if (status === 'none') return new Date(at).getTime() - new Date(reservedAt).getTime() < RESERVATION_GRACE_MS;
    return isLiveRegistration(status);
  }

  async execute(command: RegistrationCommand, principal: TokenClaims | null): Promise<LiveRegistration> {
    const { state } = await handleCommand(
      this.log,
      registrationDecider,
      registrationStreamId(command.data.registrationId),
      command,
      this.metadata(principal),
    );
    return state as LiveRegistration;
  }

  async load(registrationId: string): Promise<RegistrationState> {
    return (await readState(this.log, registrationDecider, registrationStreamId(registrationId))).state;
  }

  /**
   * Reads one registration: bureau officers of its prefecture (R-ORG-2), the headquarters
   * auditor, and organisation users of this very registration (R-ORG-6).
   */
  async read(registrationId: string, principal: TokenClaims): Promise<LiveRegistration> {
    const state = await this.load(registrationId);
    if (principal.kind === 'organisation-user' && principal.registrationId !== registrationId) throw notThisRegistration();
    if (state.status === 'none') throw registrationNotFound();
    if (principal.kind === 'staff' && principal.role === 'bureau-officer' && principal.prefecture !== state.prefecture)
      throw notOwnBureau();
    return state;
  }

  /**
   * R-MSG-4: a seeker reads a registration only once it has messaged them — the thread the two
   * share (`threadIdOf`, messaging's contract) is in registration's read model of
   * `messaging.MessageSent.v1`. Otherwise 403, whether or not the registration exists.
   */
  async loadForMessagedSeeker(registrationId: string, seekerId: string): Promise<RegistrationState> {
    const messaged = await this.db
      .getRepository(RegistrationMessagedThread)
      .existsBy({ threadId: threadIdOf(registrationId, seekerId), registrationId });
    if (!messaged) throw notMessagedBy();
    return this.load(registrationId);
  }

  /** The bureau's case list: its own prefecture only (R-ORG-2); the auditor sees every prefecture. */
  async list(principal: TokenClaims, status?: string): Promise<OrganisationRegistrationRow[]> {
    const where: Record<string, unknown> = {};
    if (principal.kind === 'staff' && principal.role === 'bureau-officer') where.prefecture = principal.prefecture ?? '--';
    if (status) where.status = status;
    return this.db.getRepository(OrganisationRegistrationRow).find({ where, order: { registrationId: 'ASC' }, take: 500 });
  }

  /** One pass of the registration clock; returns how many events it caused. Overlapping calls share the pass. */
  tick(): Promise<number> {
    return this.runPass();
  }

  protected async pass(): Promise<number> {
    if (!this.db.isInitialized) return 0;
    const at = this.now();
    const repo = this.db.getRepository(OrganisationRegistrationRow);
    const expiring = await repo.find({ where: { status: In(['active', 'suspended']), usagePeriodEndsAt: LessThanOrEqual(at) }, take: 500 });
    const sanctionsEnding = await repo.find({ where: { status: 'suspended', sanctionUntil: LessThanOrEqual(at) }, take: 500 });
    let caused = 0;
    // A sanction ending before the period's end resumes first; the decider re-checks each against the stream.
    for (const row of sanctionsEnding) caused += await this.clockCommand('EndSanction', row.registrationId, at);
    for (const row of expiring) caused += await this.clockCommand('Expire', row.registrationId, at);
    return caused;
  }

  private clockCommand(type: 'EndSanction' | 'Expire', registrationId: string, at: string): Promise<number> {
    const command = { type, data: { registrationId, at, by: { kind: 'system', id: CLOCK_ID } } } as RegistrationCommand;
    return issueClockCommand(this.registrationClock, registrationDecider, registrationStreamId(registrationId), command, at);
  }

  private metadata(principal: TokenClaims | null): EventMetadata {
    return principal ? callerMetadata(principal, this.now()) : systemMetadata(CLOCK_ID, this.now());
  }
}
