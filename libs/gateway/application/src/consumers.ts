import { EntityManager } from 'typeorm';
import { handlersByType, IntegrationEvent } from '@hw/platform/bus';
import { IntegrationProjection } from '@hw/platform/projections';
import {
  ApplicationSubmittedV1,
  REGISTRATION_TOPIC,
  RegistrationApprovedV1,
  RegistrationEvents,
  RegistrationIntegrationEvent,
  RenewalRequestedV1,
  SuspensionRequestedV1,
} from '@hw/registration/contracts';
import { MESSAGING_TOPIC, MessageSentV1, MessagingEvents, MessagingIntegrationEvent, SeekerRepliedV1 } from '@hw/messaging/contracts';
import { COMPLAINTS_TOPIC, ComplaintsEvents, ComplaintsIntegrationEvent } from '@hw/complaints/contracts';
import { REPORTING_TOPIC, ReportFiledV1, ReportingEvents, ReportingIntegrationEvent } from '@hw/reporting/contracts';
import { Db, exec, one, plusDays, str } from './sql';
import type { StaffReadItem } from './views';

/** The contexts the gateway reads, one consumer (group) each: a stalled one leaves the others fresh. */
export const SOURCES = ['registration', 'messaging', 'complaints', 'reporting'] as const;
export type Source = (typeof SOURCES)[number];
export const TOPIC_OF: Record<Source, string> = {
  registration: REGISTRATION_TOPIC,
  messaging: MESSAGING_TOPIC,
  complaints: COMPLAINTS_TOPIC,
  reporting: REPORTING_TOPIC,
};
export const consumerName = (source: Source): string => `gateway-${source}`;

/** What a handler did with an event: a line of a registration's timeline, or nothing to show. */
interface Applied {
  registrationId: string | null;
  /** The timeline's entry id (default: the event id; a day's count is one entry per day). */
  entryId?: string;
  data?: unknown;
}
type Handler = (event: IntegrationEvent, tx: EntityManager, policy: ConsumerPolicy) => Promise<Applied | null>;

export interface ConsumerPolicy {
  /** Days the bureau or desk has to decide a request (console policy). */
  decisionDays: number;
}

/** The log position an event was derived from (the relay sets it); 0 for an event without one. */
const positionOf = (event: IntegrationEvent): number =>
  event.position !== undefined && /^[0-9]{1,19}$/.test(event.position) ? Number(event.position) : 0;

/** Keeps the larger of the stored and the new position (portable: no GREATEST on SQLite). */
const larger = (table: string) => `CASE WHEN excluded.position > ${table}.position THEN excluded.position ELSE ${table}.position END`;

/** Freshness bookkeeping: the source's newest applied position, and each projected stream's (read your writes). */
const track = async (tx: Db, source: Source, event: IntegrationEvent, projected: boolean): Promise<void> => {
  const position = positionOf(event);
  await exec(
    tx,
    `INSERT INTO gateway_sources (source, position, last_event_id, last_event_at, applied) VALUES (:source, :position, :id, :at, 1)
     ON CONFLICT (source) DO UPDATE SET position = ${larger('gateway_sources')}, last_event_id = excluded.last_event_id,
       last_event_at = excluded.last_event_at, applied = gateway_sources.applied + 1`,
    { source, position, id: event.id, at: event.occurredAt },
  );
  if (!projected) return;
  await exec(
    tx,
    `INSERT INTO gateway_streams (stream_id, source, position, at) VALUES (:stream, :source, :position, :at)
     ON CONFLICT (stream_id) DO UPDATE SET position = ${larger('gateway_streams')}, at = excluded.at`,
    { stream: event.key.slice(0, 300), source, position, at: event.occurredAt },
  );
};

const timeline = async (tx: Db, source: Source, event: IntegrationEvent, applied: Applied): Promise<void> => {
  if (!applied.registrationId) return;
  await exec(
    tx,
    `INSERT INTO gateway_timeline (entry_id, position, registration_id, subject, source, type, at, actor_kind, actor_id, data)
     VALUES (:entryId, :position, :registrationId, :subject, :source, :type, :at, :actorKind, :actorId, :data)
     ON CONFLICT (entry_id) DO UPDATE SET data = excluded.data, at = excluded.at`,
    {
      entryId: (applied.entryId ?? event.id).slice(0, 96),
      position: positionOf(event),
      registrationId: applied.registrationId,
      subject: event.key.slice(0, 128),
      source,
      type: event.type.slice(0, 80),
      at: event.occurredAt,
      actorKind: event.actor?.kind ?? null,
      actorId: event.actor?.id?.slice(0, 100) ?? null,
      data: JSON.stringify(applied.data ?? event.data),
    },
  );
};

/** One consumer per source: the handler's read-model change, its timeline line and the freshness bookkeeping in the inbox's transaction. */
const consumer = (source: Source, handler: Handler, policy: ConsumerPolicy): IntegrationProjection => ({
  name: consumerName(source),
  topics: [TOPIC_OF[source]],
  async handle(event: IntegrationEvent, tx: EntityManager): Promise<void> {
    const applied = await handler(event, tx, policy);
    if (applied) await timeline(tx, source, event, applied);
    await track(tx, source, event, applied !== null);
  },
});

/** The prefecture of a registration the gateway knows (its bureau's), null for one it does not. */
const prefectureOf = async (tx: Db, registrationId: string | null): Promise<string | null> =>
  registrationId
    ? ((
        await one<{ prefecture: string }>(tx, 'SELECT prefecture FROM gateway_registrations WHERE registration_id = :registrationId', {
          registrationId,
        })
      )?.prefecture ?? null)
    : null;

/** Decides a request awaiting the bureau (R-ORG-2): every pending one of that kind (or that id) of the registration. */
const decideRequests = async (
  tx: Db,
  event: IntegrationEvent,
  registrationId: string,
  kind: string,
  status: 'approved' | 'rejected',
  at: string,
  requestId?: string,
) =>
  exec(
    tx,
    `UPDATE gateway_requests SET status = :status, decided_at = :at, decided_by = :by, position = :position
     WHERE registration_id = :registrationId AND kind = :kind AND status = 'pending'${requestId ? ' AND request_id = :requestId' : ''}`,
    { status, at, by: event.actor?.id?.slice(0, 64) ?? null, position: positionOf(event), registrationId, kind, requestId },
  );

const openRequest = async (
  tx: Db,
  event: IntegrationEvent,
  policy: ConsumerPolicy,
  request: { id: string; kind: string; registrationId: string; prefecture: string; parts?: string; at: string },
) =>
  exec(
    tx,
    `INSERT INTO gateway_requests (request_id, kind, registration_id, prefecture, parts, requested_at, due_at, status, position)
     VALUES (:id, :kind, :registrationId, :prefecture, :parts, :at, :due, 'pending', :position) ON CONFLICT (request_id) DO NOTHING`,
    { ...request, parts: request.parts ?? null, due: plusDays(request.at, policy.decisionDays), position: positionOf(event) },
  );

/** An organisation's request of a registration the gateway knows (a change, renewal, suspension): pending at its bureau. */
const requestOpened = async (
  tx: Db,
  event: IntegrationEvent,
  policy: ConsumerPolicy,
  request: { id: string; kind: string; registrationId: string; parts?: string; at: string },
): Promise<Applied> => {
  await openRequest(tx, event, policy, { ...request, prefecture: (await prefectureOf(tx, request.registrationId)) ?? '' });
  await touch(tx, request.registrationId, positionOf(event));
  return { registrationId: request.registrationId };
};

/** The bureau refused an organisation's request: decided, and the registration's position moves. */
const requestRejected = async (
  tx: Db,
  event: IntegrationEvent,
  request: { registrationId: string; kind: string; at: string; requestId?: string },
): Promise<Applied> => {
  await decideRequests(tx, event, request.registrationId, request.kind, 'rejected', request.at, request.requestId);
  await touch(tx, request.registrationId, positionOf(event));
  return { registrationId: request.registrationId };
};

/** One sanction decided or carried out, by the context that decided it (a registration case lists them). */
const recordSanction = (
  tx: Db,
  event: IntegrationEvent,
  sanction: {
    registrationId: string;
    prefecture: string | null;
    source: 'registration' | 'complaint' | 'report';
    reference: string | null;
    decision: string;
    until?: string | null;
    at: string;
  },
) =>
  exec(
    tx,
    `INSERT INTO gateway_sanctions (event_id, registration_id, prefecture, source, reference, decision, until, at, position)
     VALUES (:id, :registrationId, :prefecture, :source, :reference, :decision, :until, :at, :position) ON CONFLICT (event_id) DO NOTHING`,
    { ...sanction, id: event.id, until: sanction.until ?? null, position: positionOf(event) },
  );

/**
 * The prefecture of a Hello Work office: its code's first two digits are the JIS prefecture code
 * (13010 → 13); anything else has none and is seen by HQ only.
 */
export const prefectureOfOffice = (officeCode: string | undefined | null): string | null =>
  officeCode && /^(0[1-9]|[1-3][0-9]|4[0-7])[0-9]/.test(officeCode) ? officeCode.slice(0, 2) : null;

/** A staff read as a consumer records it: a line of the staff-reads list, but for its id and position (the event's). */
type StaffRead = Omit<StaffReadItem, 'readId' | 'position' | 'source' | 'kind'> & {
  source: Source;
  kind: 'personal-data' | 'complaint-text' | 'consultation';
};

/** R-STF-2: one line of the record of staff reads — who, where, what kind, why, when; never the data read. */
const recordStaffRead = async (tx: Db, event: IntegrationEvent, read: StaffRead): Promise<Applied> => {
  await exec(
    tx,
    `INSERT INTO gateway_staff_reads (read_id, source, kind, subject_id, registration_id, staff_id, role, office_code, prefecture, purpose, read_at, position)
     VALUES (:id, :source, :kind, :subjectId, :registrationId, :staffId, :role, :officeCode, :prefecture, :purpose, :readAt, :position)
     ON CONFLICT (read_id) DO NOTHING`,
    {
      ...read,
      id: event.id,
      staffId: read.staffId.slice(0, 100),
      role: read.role.slice(0, 24),
      officeCode: read.officeCode?.slice(0, 16) ?? null,
      position: positionOf(event),
    },
  );
  // Not a line of a registration's timeline: a read is the auditors' record, not the case's course.
  return { registrationId: null };
};

/** What an application and its approval both state of the registration: its row's identity, place and kind. */
const registrationFacts = (event: IntegrationEvent, d: ApplicationSubmittedV1 | RegistrationApprovedV1) => ({
  registrationId: d.registrationId,
  stream: event.key,
  prefecture: d.prefecture,
  organisationId: d.organisationId,
  kind: d.organisationKind,
  category: d.category,
  permitNumber: d.permitNumber ?? null,
  localGovernmentCode: d.localGovernmentCode ?? null,
});

/** An organisation's renewal or suspension request: neither names its request, the event is the request (its id too). */
const ownRequestOpened = async (
  d: RenewalRequestedV1 | SuspensionRequestedV1,
  event: IntegrationEvent,
  tx: Db,
  policy: ConsumerPolicy,
): Promise<Applied> => {
  const kind = event.type === RegistrationEvents.RenewalRequested ? 'renewal' : 'suspension';
  return requestOpened(tx, event, policy, { id: `${kind}-${event.id}`, kind, registrationId: d.registrationId, at: d.requestedAt });
};

/** An event of a context the gateway reads and does not show: no read-model change, no timeline line (its position still counts). */
const notShown = async (): Promise<null> => null;

const registrationHandler: Handler = handlersByType<RegistrationIntegrationEvent>()(
  {
    [RegistrationEvents.ApplicationSubmitted]: async (d, event, tx, policy) => {
      const position = positionOf(event);
      await exec(
        tx,
        `INSERT INTO gateway_registrations (registration_id, stream_id, prefecture, organisation_id, organisation_name, kind, category,
           permit_number, local_government_code, status, submitted_at, status_at, sanctions, paid_service_notifications, position)
         VALUES (:registrationId, :stream, :prefecture, :organisationId, :organisationName, :kind, :category, :permitNumber,
           :localGovernmentCode, 'submitted', :at, :at, 0, 0, :position)
         ON CONFLICT (registration_id) DO UPDATE SET organisation_name = excluded.organisation_name, submitted_at = excluded.submitted_at`,
        { ...registrationFacts(event, d), organisationName: d.organisationName.slice(0, 200), at: d.submittedAt, position },
      );
      await openRequest(tx, event, policy, {
        id: d.registrationId,
        kind: 'application',
        registrationId: d.registrationId,
        prefecture: d.prefecture,
        at: d.submittedAt,
      });
      return { registrationId: d.registrationId };
    },
    [RegistrationEvents.RegistrationApproved]: async (d, event, tx) => {
      const position = positionOf(event);
      await exec(
        tx,
        `INSERT INTO gateway_registrations (registration_id, stream_id, prefecture, organisation_id, kind, category, permit_number,
           local_government_code, status, approved_at, decided_at, status_at, usage_period_ends_at, complaint_officer_version, sanctions,
           paid_service_notifications, position)
         VALUES (:registrationId, :stream, :prefecture, :organisationId, :kind, :category, :permitNumber, :localGovernmentCode, 'active',
           :at, :at, :at, :ends, :version, 0, 0, :position)
         ON CONFLICT (registration_id) DO UPDATE SET status = 'active', prefecture = excluded.prefecture, kind = excluded.kind,
           category = excluded.category, approved_at = excluded.approved_at, decided_at = excluded.decided_at, status_at = excluded.status_at,
           usage_period_ends_at = excluded.usage_period_ends_at, complaint_officer_version = excluded.complaint_officer_version,
           position = excluded.position`,
        {
          ...registrationFacts(event, d),
          at: d.approvedAt,
          ends: d.usagePeriodEndsAt,
          version: d.complaintOfficerVersion,
          position,
        },
      );
      await officerVersion(tx, d.registrationId, d.complaintOfficerVersion, d.approvedAt);
      await decideRequests(tx, event, d.registrationId, 'application', 'approved', d.approvedAt);
      return { registrationId: d.registrationId };
    },
    [RegistrationEvents.ApplicationRejected]: async (d, event, tx) => {
      await setStatus(tx, d.registrationId, 'rejected', d.rejectedAt, null, null, positionOf(event), true);
      await decideRequests(tx, event, d.registrationId, 'application', 'rejected', d.rejectedAt);
      return { registrationId: d.registrationId };
    },
    [RegistrationEvents.ChangeRequested]: (d, event, tx, policy) =>
      requestOpened(tx, event, policy, {
        id: d.changeId,
        kind: 'change',
        registrationId: d.registrationId,
        parts: d.parts.join(' ').slice(0, 200),
        at: d.requestedAt,
      }),
    [RegistrationEvents.RegistrationChanged]: async (d, event, tx) => {
      await exec(
        tx,
        'UPDATE gateway_registrations SET category = :category, complaint_officer_version = :version, position = :position WHERE registration_id = :registrationId',
        { category: d.category, version: d.complaintOfficerVersion, position: positionOf(event), registrationId: d.registrationId },
      );
      await officerVersion(tx, d.registrationId, d.complaintOfficerVersion, d.changedAt);
      await decideRequests(tx, event, d.registrationId, 'change', 'approved', d.changedAt, d.changeId);
      return { registrationId: d.registrationId };
    },
    [RegistrationEvents.ChangeRejected]: (d, event, tx) =>
      requestRejected(tx, event, { registrationId: d.registrationId, kind: 'change', at: d.rejectedAt, requestId: d.changeId }),
    [RegistrationEvents.RenewalRequested]: ownRequestOpened,
    [RegistrationEvents.SuspensionRequested]: ownRequestOpened,
    [RegistrationEvents.RegistrationRenewed]: async (d, event, tx) => {
      await exec(tx, 'UPDATE gateway_registrations SET usage_period_ends_at = :ends, position = :position WHERE registration_id = :id', {
        ends: d.usagePeriodEndsAt,
        position: positionOf(event),
        id: d.registrationId,
      });
      await decideRequests(tx, event, d.registrationId, 'renewal', 'approved', d.renewedAt);
      return { registrationId: d.registrationId };
    },
    [RegistrationEvents.RenewalRejected]: (d, event, tx) =>
      requestRejected(tx, event, { registrationId: d.registrationId, kind: 'renewal', at: d.rejectedAt }),
    [RegistrationEvents.RegistrationStatusChanged]: async (d, event, tx) => {
      const position = positionOf(event);
      const sanction = (d.status === 'suspended' && d.reason === 'sanction') || d.status === 'terminated';
      await setStatus(
        tx,
        d.registrationId,
        d.status,
        d.at,
        d.reason.slice(0, 64),
        d.status === 'suspended' ? (d.until ?? null) : null,
        position,
      );
      if (sanction) {
        await exec(tx, 'UPDATE gateway_registrations SET sanctions = sanctions + 1 WHERE registration_id = :id', { id: d.registrationId });
        await recordSanction(tx, event, {
          registrationId: d.registrationId,
          prefecture: await prefectureOf(tx, d.registrationId),
          source: 'registration',
          reference: d.complaintId ?? null,
          decision: d.status === 'terminated' ? 'termination' : 'suspension',
          until: d.until,
          at: d.at,
        });
      }
      if (d.status === 'suspended' && d.reason === 'own-request')
        await decideRequests(tx, event, d.registrationId, 'suspension', 'approved', d.at);
      if (d.status === 'terminated' || d.status === 'expired')
        await exec(
          tx,
          `UPDATE gateway_requests SET status = 'closed', decided_at = :at, position = :position WHERE registration_id = :id AND status = 'pending'`,
          { at: d.at, position, id: d.registrationId },
        );
      return { registrationId: d.registrationId };
    },
    [RegistrationEvents.PaidServiceNotificationFiled]: async (d, event, tx) => {
      await exec(
        tx,
        'UPDATE gateway_registrations SET paid_service_notifications = paid_service_notifications + 1, position = :position WHERE registration_id = :id',
        { position: positionOf(event), id: d.registrationId },
      );
      return { registrationId: d.registrationId };
    },
    // Scoped by the reader's office (a bureau sees its prefecture's offices' reads, a desk its own office's).
    [RegistrationEvents.StaffReadPersonalData]: (d, event, tx) =>
      recordStaffRead(tx, event, {
        source: 'registration',
        kind: 'personal-data',
        subjectId: d.seekerId,
        registrationId: null,
        staffId: d.staffId,
        role: d.role,
        officeCode: d.officeCode ?? null,
        prefecture: prefectureOfOffice(d.officeCode),
        purpose: d.purpose,
        readAt: d.readAt,
      }),
  },
  notShown, // seekers' other events: not the staff's cases here
);

const officerVersion = (tx: Db, registrationId: string, version: number, at: string) =>
  exec(
    tx,
    'INSERT INTO gateway_officer_versions (registration_id, version, approved_at) VALUES (:registrationId, :version, :at) ON CONFLICT (registration_id, version) DO NOTHING',
    { registrationId, version, at },
  );

const touch = (tx: Db, registrationId: string, position: number) =>
  exec(
    tx,
    `UPDATE gateway_registrations SET position = ${'CASE WHEN :position > position THEN :position ELSE position END'} WHERE registration_id = :id`,
    {
      position,
      id: registrationId,
    },
  );

const setStatus = (
  tx: Db,
  registrationId: string,
  status: string,
  at: string,
  reason: string | null,
  until: string | null,
  position: number,
  decided = false,
) =>
  exec(
    tx,
    `UPDATE gateway_registrations SET status = :status, status_at = :at, status_reason = :reason, suspended_until = :until,
       position = :position${decided ? ', decided_at = :at' : ''} WHERE registration_id = :registrationId`,
    { status, at, reason, until, position, registrationId },
  );

/** A message sent or a seeker's reply: one more of its kind on the registration's Japan-time day. */
const dailyCount = async (d: MessageSentV1 | SeekerRepliedV1, event: IntegrationEvent, tx: Db): Promise<Applied> => {
  const sent = event.type === MessagingEvents.MessageSent;
  const position = positionOf(event);
  await exec(
    tx,
    `INSERT INTO gateway_daily_counts (registration_id, day, messages_sent, replies, last_at, first_position, last_position)
     VALUES (:registrationId, :day, :sent, :replies, :at, :position, :position)
     ON CONFLICT (registration_id, day) DO UPDATE SET messages_sent = gateway_daily_counts.messages_sent + excluded.messages_sent,
       replies = gateway_daily_counts.replies + excluded.replies,
       last_at = CASE WHEN excluded.last_at > gateway_daily_counts.last_at THEN excluded.last_at ELSE gateway_daily_counts.last_at END,
       first_position = CASE WHEN excluded.first_position < gateway_daily_counts.first_position THEN excluded.first_position ELSE gateway_daily_counts.first_position END,
       last_position = CASE WHEN excluded.last_position > gateway_daily_counts.last_position THEN excluded.last_position ELSE gateway_daily_counts.last_position END`,
    { registrationId: d.registrationId, day: d.day, sent: sent ? 1 : 0, replies: sent ? 0 : 1, at: d.sentAt, position },
  );
  const day = await one<{ messages_sent: unknown; replies: unknown }>(
    tx,
    'SELECT messages_sent, replies FROM gateway_daily_counts WHERE registration_id = :registrationId AND day = :day',
    { registrationId: d.registrationId, day: d.day },
  );
  // One line per registration and Japan-time day (R-MSG-2's unit), not one per message.
  return {
    registrationId: d.registrationId,
    entryId: `day-${d.registrationId}-${d.day}`,
    data: { day: d.day, messagesSent: Number(day?.messages_sent ?? 0), replies: Number(day?.replies ?? 0) },
  };
};

const messagingHandler: Handler = handlersByType<MessagingIntegrationEvent>()(
  { [MessagingEvents.MessageSent]: dailyCount, [MessagingEvents.SeekerReplied]: dailyCount },
  notShown,
);

/** A complaint's or a consultation's registration, and the office of the desk it is at. */
const CASE_SQL = {
  complaint: 'SELECT registration_id, office_code FROM gateway_complaints WHERE complaint_id = :id',
  consultation: 'SELECT registration_id, office_code FROM gateway_consultations WHERE consultation_id = :id',
};
const caseOf = async (tx: Db, kind: keyof typeof CASE_SQL, id: string) => {
  const row = await one<{ registration_id: string; office_code: string | null }>(tx, CASE_SQL[kind], { id });
  return { registrationId: str(row?.registration_id), officeCode: str(row?.office_code) };
};
const complaintRegistration = async (tx: Db, complaintId: string): Promise<string | null> =>
  (await caseOf(tx, 'complaint', complaintId)).registrationId;

/** R-STF-2: a desk's read of a complaint's text or a consultation, scoped by the case: its desk's office, its registration's prefecture. */
const deskRead = async (
  tx: Db,
  event: IntegrationEvent,
  kind: 'complaint-text' | 'consultation',
  subjectId: string,
  d: { staffId: string; role: string; at: string },
): Promise<Applied> => {
  const { registrationId, officeCode } = await caseOf(tx, kind === 'consultation' ? 'consultation' : 'complaint', subjectId);
  return recordStaffRead(tx, event, {
    source: 'complaints',
    kind,
    subjectId,
    registrationId,
    staffId: d.staffId,
    role: d.role,
    officeCode,
    prefecture: await prefectureOf(tx, registrationId),
    purpose: 'complaint-handling', // the complaints API records reads only in handling the complaint
    readAt: d.at,
  });
};

const updateComplaint = async (tx: Db, event: IntegrationEvent, complaintId: string, set: string, params: Record<string, unknown> = {}) => {
  await exec(tx, `UPDATE gateway_complaints SET ${set}, updated_at = :updatedAt, position = :position WHERE complaint_id = :complaintId`, {
    ...params,
    updatedAt: event.occurredAt,
    position: positionOf(event),
    complaintId,
  });
  return { registrationId: await complaintRegistration(tx, complaintId) };
};

const complaintsHandler: Handler = handlersByType<ComplaintsIntegrationEvent>()(
  {
    [ComplaintsEvents.ComplaintFiled]: async (d, event, tx) => {
      await exec(
        tx,
        `INSERT INTO gateway_complaints (complaint_id, stream_id, registration_id, category, status, filed_at, acknowledge_by, answer_by, updated_at, position)
         VALUES (:complaintId, :stream, :registrationId, :category, 'with-organisation', :filedAt, :acknowledgeBy, :answerBy, :filedAt, :position)
         ON CONFLICT (complaint_id) DO NOTHING`,
        { ...d, stream: event.key, position: positionOf(event) },
      );
      return { registrationId: d.registrationId };
    },
    [ComplaintsEvents.ComplaintAcknowledged]: (d, event, tx) =>
      updateComplaint(
        tx,
        event,
        d.complaintId,
        `acknowledged_at = :at, status = CASE WHEN status = 'with-organisation' THEN 'acknowledged' ELSE status END`,
        { at: d.at },
      ),
    [ComplaintsEvents.ComplaintAnswered]: (d, event, tx) =>
      updateComplaint(
        tx,
        event,
        d.complaintId,
        `answered_at = :at, status = CASE WHEN status IN ('with-organisation', 'acknowledged') THEN 'answered' ELSE status END`,
        { at: d.at },
      ),
    [ComplaintsEvents.ComplaintOverdue]: (d, event, tx) =>
      updateComplaint(tx, event, d.complaintId, 'overdue_step = :step', { step: d.step }),
    [ComplaintsEvents.ComplaintResolved]: (d, event, tx) =>
      updateComplaint(tx, event, d.complaintId, `resolved_at = :at, status = 'resolved'`, { at: d.at }),
    [ComplaintsEvents.ComplaintEscalated]: (d, event, tx, policy) =>
      updateComplaint(
        tx,
        event,
        d.complaintId,
        `escalated_at = :at, escalation_reason = :reason, office_code = :office, desk_due_at = :due, status = 'escalated'`,
        { at: d.at, reason: d.reason, office: d.officeCode, due: plusDays(d.at, policy.decisionDays) },
      ),
    [ComplaintsEvents.DeskOutcomeRecorded]: async (d, event, tx, policy) => {
      if (d.outcome === 'sanction-requested') {
        const registrationId = await complaintRegistration(tx, d.complaintId);
        const prefecture = d.prefecture ?? (await prefectureOf(tx, registrationId));
        return updateComplaint(
          tx,
          event,
          d.complaintId,
          `outcome = :outcome, outcome_at = :at, status = 'sanction-requested', sanction_prefecture = :prefecture,
           sanction_requested_at = :at, sanction_due_at = :due`,
          { outcome: d.outcome, at: d.at, prefecture, due: plusDays(d.at, policy.decisionDays) },
        );
      }
      return updateComplaint(tx, event, d.complaintId, `outcome = :outcome, outcome_at = :at, status = 'desk-closed'`, {
        outcome: d.outcome,
        at: d.at,
      });
    },
    [ComplaintsEvents.SanctionDecided]: async (d, event, tx) => {
      await recordSanction(tx, event, { ...d, source: 'complaint', reference: d.complaintId });
      return updateComplaint(
        tx,
        event,
        d.complaintId,
        `status = 'sanction-decided', sanction_decision = :decision, sanction_until = :until, sanction_decided_at = :at`,
        { decision: d.decision, until: d.until ?? null, at: d.at },
      );
    },
    [ComplaintsEvents.SanctionCarriedOut]: (d, event, tx) =>
      updateComplaint(tx, event, d.complaintId, 'carried_out_at = :at, registration_event_id = :eventId', {
        at: d.at,
        eventId: d.registrationEventId,
      }),
    [ComplaintsEvents.ConsultationOpened]: async (d, event, tx, policy) => {
      await exec(
        tx,
        `INSERT INTO gateway_consultations (consultation_id, registration_id, office_code, opened_at, due_at, position)
         VALUES (:consultationId, :registrationId, :officeCode, :openedAt, :due, :position) ON CONFLICT (consultation_id) DO NOTHING`,
        { ...d, due: plusDays(d.openedAt, policy.decisionDays), position: positionOf(event) },
      );
      return { registrationId: d.registrationId };
    },
    [ComplaintsEvents.ConsultationAnswered]: async (d, event, tx) => {
      await exec(tx, 'UPDATE gateway_consultations SET answered_at = :at, position = :position WHERE consultation_id = :id', {
        at: d.at,
        position: positionOf(event),
        id: d.consultationId,
      });
      return { registrationId: (await caseOf(tx, 'consultation', d.consultationId)).registrationId };
    },
    // A line of the complaint's course (its case page and the registration's timeline); the note is not here.
    [ComplaintsEvents.DeskStepRecorded]: (d, event, tx) => updateComplaint(tx, event, d.complaintId, 'status = status'),
    [ComplaintsEvents.ComplaintTextRead]: (d, event, tx) => deskRead(tx, event, 'complaint-text', d.complaintId, d),
    [ComplaintsEvents.ConsultationRead]: (d, event, tx) => deskRead(tx, event, 'consultation', d.consultationId, d),
  },
  notShown,
);

const updateReport = async (tx: Db, event: IntegrationEvent, registrationId: string, set: string, params: Record<string, unknown>) => {
  await exec(tx, `UPDATE gateway_reports SET ${set}, position = :position WHERE stream_id = :stream`, {
    ...params,
    position: positionOf(event),
    stream: event.key,
  });
  return { registrationId };
};

/** A report filed or amended (the same payload): its version, lateness and filing time; a report found false stays false. */
const reportFiled = (d: ReportFiledV1, event: IntegrationEvent, tx: Db) =>
  updateReport(
    tx,
    event,
    d.registrationId,
    `version = :version, late = :late, filed_at = :filedAt,
         status = CASE WHEN status = 'false' THEN 'false' WHEN :late = 1 THEN 'late' ELSE 'filed' END`,
    { version: d.version, late: d.late ? 1 : 0, filedAt: d.filedAt },
  );

const reportingHandler: Handler = handlersByType<ReportingIntegrationEvent>()(
  {
    [ReportingEvents.ReportObligationOpened]: async (d, event, tx) => {
      await exec(
        tx,
        `INSERT INTO gateway_reports (stream_id, registration_id, prefecture, period, due_day, status, version, late, opened_at, messages_sent, seekers_replied, position)
         VALUES (:stream, :registrationId, :prefecture, :period, :dueDay, 'owed', 0, 0, :openedAt, :messagesSent, :seekersReplied, :position)
         ON CONFLICT (stream_id) DO NOTHING`,
        { ...d, stream: event.key, position: positionOf(event) },
      );
      return { registrationId: d.registrationId };
    },
    [ReportingEvents.ReportFiled]: reportFiled,
    [ReportingEvents.ReportAmended]: reportFiled,
    [ReportingEvents.ReportFlaggedOverdue]: (d, event, tx, policy) =>
      updateReport(
        tx,
        event,
        d.registrationId,
        `flagged_overdue_at = :at, follow_up_due_at = :due, status = CASE WHEN status = 'owed' THEN 'overdue' ELSE status END`,
        { at: d.flaggedAt, due: plusDays(d.flaggedAt, policy.decisionDays) },
      ),
    [ReportingEvents.ReportMarkedFalse]: (d, event, tx, policy) =>
      updateReport(tx, event, d.registrationId, `status = 'false', marked_false_at = :at, follow_up_due_at = :due`, {
        at: d.markedAt,
        due: plusDays(d.markedAt, policy.decisionDays),
      }),
    [ReportingEvents.SanctionDecided]: async (d, event, tx) => {
      await recordSanction(tx, event, {
        registrationId: d.registrationId,
        prefecture: d.prefecture,
        source: 'report',
        reference: d.reportStreamId.slice(0, 128),
        decision: d.decision,
        until: d.until,
        at: d.decidedAt,
      });
      return updateReport(
        tx,
        event,
        d.registrationId,
        'sanction_decision = :decision, sanction_until = :until, sanction_decided_at = :at',
        {
          decision: d.decision,
          until: d.until ?? null,
          at: d.decidedAt,
        },
      );
    },
  },
  notShown,
);

/** The gateway's inbox consumers, one per source context (consumer group `gateway-<source>`). */
export const gatewayConsumers = (policy: ConsumerPolicy): IntegrationProjection[] => [
  consumer('registration', registrationHandler, policy),
  consumer('messaging', messagingHandler, policy),
  consumer('complaints', complaintsHandler, policy),
  consumer('reporting', reportingHandler, policy),
];
