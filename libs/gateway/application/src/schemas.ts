import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiResponse } from '@nestjs/swagger';

/** OpenAPI response schemas of the gateway's answers (plain JSON Schema objects). */
type Schema = Record<string, unknown>;
const s = (type: string, extra: Schema = {}): Schema => ({ type, ...extra });
const nullable = (type: string, extra: Schema = {}): Schema => ({ type, nullable: true, ...extra });
const object = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({
  type: 'object',
  properties,
  required,
});

export const FRESHNESS_SCHEMA = object(
  {
    asOf: s('string', { format: 'date-time' }),
    sources: s('array', {
      items: object({
        source: s('string', { enum: ['registration', 'messaging', 'complaints', 'reporting'] }),
        topic: s('string'),
        position: s('string', { description: 'the newest log position of this source applied here ("0": none yet)' }),
        lastEventAt: nullable('string', { format: 'date-time' }),
        applied: s('integer'),
        behindEvents: nullable('integer', { description: 'published, not applied yet (consumer lag on the bus)' }),
        lagSeconds: nullable('integer', {
          description: '0 when nothing is pending; the oldest pending event’s age, or (Kafka) an upper bound',
        }),
      }),
    }),
    behindEvents: nullable('integer'),
    lagSeconds: nullable('integer'),
    waitedFor: s('string', { description: 'the log position this answer was asked to reflect' }),
  },
  ['asOf', 'sources', 'behindEvents', 'lagSeconds'],
);

const due = {
  dueAt: nullable('string', { format: 'date-time' }),
  daysLeft: nullable('integer', { description: 'Japan-time calendar days to the due day (negative: past)' }),
  group: nullable('string', { enum: ['overdue', 'due-soon', 'not-due'] }),
};
const text = nullable('string');
const id = s('string', { format: 'uuid' });

export const ITEM_SCHEMAS: Record<string, Schema> = {
  request: object({
    requestId: s('string'),
    kind: s('string', { enum: ['application', 'change', 'renewal', 'suspension'] }),
    registrationId: id,
    organisationName: s('string'),
    organisationKind: s('string'),
    prefecture: s('string'),
    permitNumber: text,
    parts: s('array', { items: s('string') }),
    requestedAt: s('string', { format: 'date-time' }),
    status: s('string', { enum: ['pending', 'approved', 'rejected', 'closed'] }),
    decidedAt: text,
    ...due,
  }),
  complaint: object({
    complaintId: id,
    registrationId: id,
    organisationName: s('string'),
    prefecture: s('string'),
    category: s('string'),
    status: s('string'),
    filedAt: s('string', { format: 'date-time' }),
    escalatedAt: text,
    escalationReason: text,
    officeCode: text,
    outcome: text,
    sanctionPrefecture: text,
    sanctionRequestedAt: text,
    sanctionDecision: text,
    sanctionUntil: text,
    sanctionDecidedAt: text,
    carriedOutAt: text,
    overdueStep: text,
    ...due,
  }),
  consultation: object({
    consultationId: id,
    registrationId: id,
    organisationName: s('string'),
    officeCode: s('string'),
    openedAt: s('string', { format: 'date-time' }),
    answeredAt: text,
    ...due,
  }),
  report: object({
    reportId: s('string'),
    registrationId: id,
    organisationName: s('string'),
    prefecture: s('string'),
    period: s('string'),
    status: s('string', { enum: ['owed', 'filed', 'late', 'overdue', 'false'] }),
    dueDay: s('string'),
    version: s('integer'),
    filedAt: text,
    flaggedOverdueAt: text,
    markedFalseAt: text,
    messagesSent: s('integer'),
    seekersReplied: s('integer'),
    sanctionDecision: text,
    sanctionDecidedAt: text,
    ...due,
  }),
  registration: object({
    registrationId: id,
    organisationName: s('string'),
    organisationKind: s('string'),
    category: text,
    prefecture: s('string'),
    permitNumber: text,
    localGovernmentCode: text,
    status: s('string', { enum: ['submitted', 'active', 'rejected', 'suspended', 'terminated', 'expired'] }),
    statusAt: s('string'),
    statusReason: text,
    suspendedUntil: text,
    submittedAt: text,
    approvedAt: text,
    usagePeriodEndsAt: text,
    complaintOfficerVersion: nullable('integer'),
    sanctions: s('integer'),
    paidServiceNotifications: s('integer'),
    position: s('string'),
    ...due,
  }),
  dailyCount: object({
    registrationId: id,
    organisationName: s('string'),
    prefecture: s('string'),
    day: s('string'),
    messagesSent: s('integer'),
    replies: s('integer'),
    lastAt: s('string'),
  }),
  timeline: object({
    entryId: s('string'),
    position: s('string', { description: 'log position: the order of the log' }),
    source: s('string'),
    type: s('string', { description: 'the integration event type, e.g. registration.RegistrationApproved.v1' }),
    subject: s('string', { description: 'the stream the event belongs to' }),
    at: s('string', { format: 'date-time' }),
    actor: {
      type: 'object',
      nullable: true,
      description: "who: kind and id; for staff the role, login, office and prefecture the gateway knows (never a seeker's data)",
      properties: {
        kind: s('string'),
        id: s('string'),
        role: s('string'),
        login: s('string'),
        officeCode: s('string'),
        prefecture: s('string'),
      },
    },
    data: s('object', { description: "the event's data (no personal data, by contract)" }),
  }),
};

ITEM_SCHEMAS.staffRead = object({
  readId: s('string'),
  source: s('string', { enum: ['registration', 'complaints'] }),
  kind: s('string', {
    enum: ['personal-data', 'complaint-text', 'consultation'],
    description: 'what kind of data was read (never the data)',
  }),
  subjectId: s('string', { description: 'the seeker, complaint or consultation read' }),
  registrationId: text,
  staffId: s('string'),
  role: s('string'),
  officeCode: text,
  prefecture: text,
  purpose: nullable('string', { enum: ['counter-service', 'complaint-handling', 'audit', 'lawful-request'] }),
  readAt: s('string', { format: 'date-time' }),
  position: s('string', { description: 'log position of the read in its source' }),
});

export const pageSchema = (item: string): Schema =>
  object(
    {
      items: s('array', { items: ITEM_SCHEMAS[item] }),
      total: s('integer'),
      nextCursor: s('string', { description: 'absent on the last page' }),
      sort: s('string'),
      freshness: FRESHNESS_SCHEMA,
    },
    ['items', 'total', 'sort', 'freshness'],
  );

const ACTION = object(
  {
    action: s('string'),
    target: s('object'),
    fields: s('array', {
      items: object({ name: s('string'), required: s('boolean'), type: s('string'), choices: s('array', { items: s('string') }) }, [
        'name',
        'required',
        'type',
      ]),
    }),
  },
  ['action', 'fields'],
);

export const CASE_SCHEMA = object({
  registration: ITEM_SCHEMAS.registration,
  officerVersions: s('array', { items: object({ version: s('integer'), approvedAt: s('string') }) }),
  requests: s('array', { items: ITEM_SCHEMAS.request }),
  complaints: s('array', { items: ITEM_SCHEMAS.complaint }),
  reports: s('array', { items: ITEM_SCHEMAS.report }),
  sanctions: s('array', { items: object({ source: s('string'), reference: text, decision: s('string'), until: text, at: s('string') }) }),
  dailyCounts: s('array', { items: object({ day: s('string'), messagesSent: s('integer'), replies: s('integer') }) }),
  allowedActions: s('array', { items: ACTION, description: 'what the caller may ask the owner to do; HQ: none (read-only)' }),
  freshness: FRESHNESS_SCHEMA,
});

export const COMPLAINT_CASE_SCHEMA = object({
  complaint: ITEM_SCHEMAS.complaint,
  timeline: s('array', { items: ITEM_SCHEMAS.timeline }),
  allowedActions: s('array', { items: ACTION }),
  freshness: FRESHNESS_SCHEMA,
});

export const COUNTS_SCHEMA = object({
  queues: s('array', {
    items: object({ queue: s('string'), total: s('integer'), overdue: s('integer'), dueSoon: s('integer'), notDue: s('integer') }),
  }),
  freshness: FRESHNESS_SCHEMA,
});

export const OVERVIEW_SCHEMA = object({
  prefectures: s('array', {
    items: object({
      prefecture: s('string'),
      active: s('integer'),
      suspended: s('integer'),
      terminated: s('integer'),
      pendingApplications: s('integer'),
      pendingChanges: s('integer'),
      sanctionRequests: s('integer'),
      overdueReports: s('integer'),
      falseReports: s('integer'),
      sanctions: s('integer'),
      usagePeriodsEnding: s('integer'),
    }),
  }),
  freshness: FRESHNESS_SCHEMA,
});

/** The statuses every authenticated read answers besides 200. */
export const ReadResponses = (forbidden: string) =>
  applyDecorators(
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED naming the field (a filter, sort, cursor or X-Log-Position)' }),
    ApiResponse({ status: 401, description: 'no valid bearer token (or console session)' }),
    ApiResponse({ status: 403, description: forbidden }),
    ApiResponse({
      status: 503,
      description:
        'READ_MODEL_BEHIND: the read models did not reach X-Log-Position (or your own last action) within GATEWAY_WAIT_MS; freshness says where they are',
    }),
  );

/** A list: JSON page, or CSV with format=csv. */
export const ListResponses = (item: string, forbidden: string) =>
  applyDecorators(
    ApiProduces('application/json', 'text/csv'),
    ApiOkResponse({
      description:
        'a page: items, total, nextCursor, freshness (per source: position, lag in events and seconds); format=csv: every matching row, UTF-8 with BOM, CRLF, first line 作成時ログ位置 with each source’s position, Japanese headers (header X-Log-Positions too)',
      content: {
        'application/json': { schema: pageSchema(item) },
        'text/csv': { schema: { type: 'string' } },
      },
    }),
    ReadResponses(forbidden),
  );
