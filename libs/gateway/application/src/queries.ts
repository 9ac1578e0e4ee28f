import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, Clock, DomainError, jstDate, tokyoDay } from '@hw/platform/core';
import { CLOCK, READ_DB } from '@hw/platform/nest';
import {
  ComplaintsQueryDto,
  ConsultationsQueryDto,
  DailyCountsQueryDto,
  QueueQueryDto,
  RegistrationsQueryDto,
  ReportsQueryDto,
  StaffReadsQueryDto,
  TimelineQueryDto,
  UsagePeriodsQueryDto,
} from './dto';
import { GATEWAY_CONFIG, GatewayConfig } from './gateway.config';
import { ListDefinition, ListRequest } from './lists';
import { mayRead, notGatewayStaff, notYourBureau, notYourOffice, StaffScope } from './scope';
import { num, one, Row, rows, str } from './sql';
import {
  complaintsList,
  consultationsList,
  dailyCountsList,
  DueGroup,
  dueWindow,
  DueWindow,
  groupCondition,
  registrationsList,
  reportsList,
  requestsList,
  STAFF_COLUMNS,
  STAFF_JOIN,
  staffReadsList,
  timelineList,
} from './views';

/** The bureau officer's queues (R-ORG-2, R-CMP-5, R-REP-3, R-ORG-1) and the desk's (R-CMP-2, R-CMP-3). */
export const BUREAU_QUEUES = ['applications', 'changes', 'sanction-requests', 'reports', 'usage-periods'] as const;
export const DESK_QUEUES = ['complaints', 'consultations'] as const;
export type QueueName = (typeof BUREAU_QUEUES)[number] | (typeof DESK_QUEUES)[number];
export const QUEUES: QueueName[] = [...BUREAU_QUEUES, ...DESK_QUEUES];

export interface QueueCount {
  queue: QueueName;
  total: number;
  overdue: number;
  dueSoon: number;
  notDue: number;
}

/** Any list's definition, its item type forgotten (the API answers it as JSON or CSV). */
const prepared = <I>(definition: ListDefinition<I>): ListDefinition<unknown> => definition as unknown as ListDefinition<unknown>;

/** A list ready to run: its definition and the request (scope, filters, sort, page). */
export interface PreparedList<I = unknown> {
  definition: ListDefinition<I>;
  request: ListRequest;
}

export interface AllowedAction {
  action: ActionName;
  /** What it acts on besides the registration: a change, a report's period, a complaint. */
  target?: { changeId?: string; period?: string; complaintId?: string };
  fields: Array<{ name: string; required: boolean; type: 'text' | 'instant' | 'choice' | 'boolean'; choices?: string[] }>;
}

export const ACTIONS = [
  'approve',
  'reject',
  'approve-change',
  'reject-change',
  'approve-renewal',
  'reject-renewal',
  'approve-suspension',
  'suspend',
  'resume',
  'terminate',
  'decide-complaint-sanction',
  'mark-report-false',
  'decide-report-sanction',
  'record-desk-step',
  'record-desk-outcome',
] as const;
/** A complaint desk's own actions on an escalated complaint of its office (R-CMP-2). */
export const DESK_ACTIONS: readonly ActionName[] = ['record-desk-step', 'record-desk-outcome'];
export type ActionName = (typeof ACTIONS)[number];

const reason = { name: 'reason', required: true, type: 'text' as const };

/** What the gateway's read models do not know (yet): 404s of its reads and of the actions it forwards. */
export const registrationNotFound = () =>
  new DomainError('REGISTRATION_NOT_FOUND', 'the gateway knows no such registration (yet)', 'R-ORG-1', 'not-found', 'registrationId');
export const complaintNotFound = () =>
  new DomainError('COMPLAINT_NOT_FOUND', 'the gateway knows no such complaint (yet)', 'R-CMP-1', 'not-found', 'complaintId');

/**
 * The gateway's queries over its own read models: every list scoped to the caller (R-ORG-2,
 * R-STF-1) before any filter, sorted, keyset-paged; a registration's case and timeline.
 */
@Injectable()
export class GatewayQueries {
  constructor(
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  window(queue?: QueueName): DueWindow {
    return dueWindow(this.clock.now(), queue === 'usage-periods' ? 30 : this.config.dueSoonDays);
  }

  /** The prefecture condition: the bureau's own (another named: 403), HQ any or the one named; desks have none. */
  private prefectureScope(scope: StaffScope, requested: string | undefined, column = 't.prefecture'): ListRequest {
    if (scope.role === 'bureau-officer') {
      if (requested && requested !== scope.prefecture) throw notYourBureau();
      return { where: [`${column} = :scopePrefecture`], params: { scopePrefecture: scope.prefecture }, limit: 0 };
    }
    if (scope.role === 'hq-auditor')
      return requested
        ? { where: [`${column} = :scopePrefecture`], params: { scopePrefecture: requested }, limit: 0 }
        : { where: [], params: {}, limit: 0 };
    throw notYourBureau();
  }

  private request(
    base: ListRequest,
    query: { limit?: number; cursor?: string; sort?: string },
    extra: Array<[string, Record<string, unknown>]> = [],
  ): ListRequest {
    const where = [...base.where];
    const params = { ...base.params };
    for (const [condition, values] of extra) {
      where.push(condition);
      Object.assign(params, values);
    }
    return {
      where,
      params,
      limit: query.limit ?? 50,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.sort ? { sort: query.sort } : {}),
    };
  }

  private dueParams(window: DueWindow) {
    return { dueNow: window.now, dueSoon: window.soonUntil };
  }

  private common(
    query: { kind?: string; registrationId?: string; q?: string; group?: DueGroup },
    window: DueWindow,
  ): Array<[string, Record<string, unknown>]> {
    const extra: Array<[string, Record<string, unknown>]> = [];
    if (query.kind) extra.push(['t.organisation_kind = :kind', { kind: query.kind }]);
    if (query.registrationId) extra.push(['t.registration_id = :registrationId', { registrationId: query.registrationId }]);
    if (query.q) extra.push(['t.organisation_name LIKE :q', { q: `%${query.q.replace(/[%_]/g, '')}%` }]);
    if (query.group) extra.push([groupCondition(query.group), this.dueParams(window)]);
    return extra;
  }

  /** One queue, prepared for the caller: its definition, the scope, the queue's own condition and the filters. */
  queue(scope: StaffScope, queue: QueueName, query: QueueQueryDto & Partial<UsagePeriodsQueryDto>): PreparedList {
    const window = this.window(queue);
    const extra = this.common(query, window);
    switch (queue) {
      case 'applications':
      case 'changes':
        return {
          definition: prepared(requestsList(window)),
          request: this.request(this.prefectureScope(scope, query.prefecture), query, [
            ["t.status = 'pending'", {}],
            [queue === 'applications' ? "t.kind = 'application'" : "t.kind IN ('change', 'renewal', 'suspension')", {}],
            ...extra,
          ]),
        };
      case 'sanction-requests':
        return {
          definition: prepared(complaintsList(window, 'sanction')),
          request: this.request(this.prefectureScope(scope, query.prefecture), query, [["t.status = 'sanction-requested'", {}], ...extra]),
        };
      case 'reports':
        return {
          definition: prepared(reportsList(window)),
          request: this.request(this.prefectureScope(scope, query.prefecture), query, [
            ["t.status IN ('overdue', 'false')", {}],
            ['t.sanction_decision IS NULL', {}],
            ...extra,
          ]),
        };
      case 'usage-periods': {
        const within = query.within ?? 90;
        const horizon = new Date(this.clock.now().getTime() + within * 86_400_000).toISOString();
        return {
          definition: prepared(registrationsList(window)),
          request: this.request(
            this.prefectureScope(scope, query.prefecture),
            { ...query, sort: query.sort === 'requested' ? undefined : (query.sort ?? 'ends') },
            [["t.status IN ('active', 'suspended')", {}], ["t.due <> '' AND t.due < :horizon", { horizon }], ...extra],
          ),
        };
      }
      case 'complaints':
        return this.complaints(scope, { ...query, status: 'escalated' } as ComplaintsQueryDto, true);
      case 'consultations':
        return this.consultations(scope, { ...query, state: 'open' } as ConsultationsQueryDto);
    }
  }

  /** Counts per queue for the caller's home, grouped overdue / due soon / not due. */
  async counts(scope: StaffScope, filters: Pick<QueueQueryDto, 'kind' | 'q' | 'prefecture'> = {}): Promise<QueueCount[]> {
    const queues: QueueName[] = scope.role === 'complaint-desk' ? [...DESK_QUEUES] : [...BUREAU_QUEUES];
    const counts: QueueCount[] = [];
    for (const queue of queues) {
      const { definition, request } = this.queue(scope, queue, { ...filters, limit: 1 } as QueueQueryDto);
      const window = this.window(queue);
      const where = request.where.length ? `WHERE ${request.where.join(' AND ')}` : '';
      const row = await one<Record<string, unknown>>(
        this.db,
        `SELECT COUNT(*) AS total,
           SUM(CASE WHEN ${groupCondition('overdue')} THEN 1 ELSE 0 END) AS overdue,
           SUM(CASE WHEN ${groupCondition('due-soon')} THEN 1 ELSE 0 END) AS due_soon,
           SUM(CASE WHEN ${groupCondition('not-due')} THEN 1 ELSE 0 END) AS not_due
         FROM (${definition.select}) t ${where}`,
        { ...request.params, ...this.dueParams(window) },
      );
      counts.push({ queue, total: num(row?.total), overdue: num(row?.overdue), dueSoon: num(row?.due_soon), notDue: num(row?.not_due) });
    }
    return counts;
  }

  /** Complaints: a desk its office's, a bureau its prefecture's escalations and sanction requests, HQ all. */
  complaints(scope: StaffScope, query: ComplaintsQueryDto, deskQueue = false): PreparedList {
    const window = this.window(deskQueue ? 'complaints' : undefined);
    let base: ListRequest;
    if (scope.role === 'complaint-desk') {
      if (query.officeCode && query.officeCode !== scope.officeCode) throw notYourOffice();
      base = { where: ['t.office_code = :office'], params: { office: scope.officeCode }, limit: 0 };
    } else if (scope.role === 'bureau-officer') {
      base = this.prefectureScope(scope, query.prefecture);
      base.where.push("t.status IN ('escalated', 'desk-closed', 'sanction-requested', 'sanction-decided')");
    } else base = this.prefectureScope(scope, query.prefecture);
    const extra = this.common(query, window);
    if (query.status) extra.push(['t.status = :status', { status: query.status }]);
    if (query.category) extra.push(['t.category = :category', { category: query.category }]);
    if (query.officeCode && scope.role === 'hq-auditor') extra.push(['t.office_code = :officeCode', { officeCode: query.officeCode }]);
    const due = scope.role === 'bureau-officer' ? 'sanction' : 'desk';
    return { definition: prepared(complaintsList(window, due)), request: this.request(base, query, extra) };
  }

  /** Consultations (R-CMP-3): a desk those of its office, HQ all. */
  consultations(scope: StaffScope, query: ConsultationsQueryDto): PreparedList {
    if (scope.role === 'bureau-officer') throw notYourOffice();
    const window = this.window('consultations');
    const base: ListRequest =
      scope.role === 'complaint-desk'
        ? { where: ['t.office_code = :office'], params: { office: scope.officeCode }, limit: 0 }
        : { where: [], params: {}, limit: 0 };
    const extra = this.common(query, window);
    if (query.state === 'open') extra.push(['t.answered_at IS NULL', {}]);
    if (query.state === 'answered') extra.push(['t.answered_at IS NOT NULL', {}]);
    return { definition: prepared(consultationsList(window)), request: this.request(base, query, extra) };
  }

  registrations(scope: StaffScope, query: RegistrationsQueryDto): PreparedList {
    const window = this.window('usage-periods');
    const extra = this.common(query, window);
    if (query.status) extra.push(['t.status = :status', { status: query.status }]);
    return {
      definition: prepared(registrationsList(window)),
      request: this.request(this.prefectureScope(scope, query.prefecture), query, extra),
    };
  }

  reports(scope: StaffScope, query: ReportsQueryDto): PreparedList {
    const window = this.window('reports');
    const extra = this.common(query, window);
    if (query.period) extra.push(['t.period = :period', { period: query.period }]);
    if (query.status) extra.push(['t.status = :status', { status: query.status }]);
    return {
      definition: prepared(reportsList(window)),
      request: this.request(this.prefectureScope(scope, query.prefecture), query, extra),
    };
  }

  dailyCounts(scope: StaffScope, query: DailyCountsQueryDto): PreparedList {
    const extra = this.common(query, this.window());
    if (query.from) extra.push(['t.day >= :from', { from: query.from }]);
    if (query.to) extra.push(['t.day <= :to', { to: query.to }]);
    return {
      definition: prepared(dailyCountsList()),
      request: this.request(this.prefectureScope(scope, query.prefecture), query, extra),
    };
  }

  /**
   * R-STF-2: the record of staff reads of personal data — HQ all, a bureau its prefecture's, a
   * desk its own office's; filtered by kind, staff, role, purpose, subject and time.
   */
  staffReads(scope: StaffScope, query: StaffReadsQueryDto): PreparedList {
    let base: ListRequest;
    if (scope.role === 'complaint-desk') {
      if (query.officeCode && query.officeCode !== scope.officeCode) throw notYourOffice();
      if (query.prefecture) throw notYourBureau();
      base = { where: ['t.office_code = :scopeOffice'], params: { scopeOffice: scope.officeCode }, limit: 0 };
    } else base = this.prefectureScope(scope, query.prefecture);
    const extra: Array<[string, Record<string, unknown>]> = [];
    if (query.officeCode && scope.role !== 'complaint-desk') extra.push(['t.office_code = :officeCode', { officeCode: query.officeCode }]);
    if (query.kind) extra.push(['t.kind = :kind', { kind: query.kind }]);
    if (query.staffId) extra.push(['t.staff_id = :staffId', { staffId: query.staffId }]);
    if (query.role) extra.push(['t.role = :role', { role: query.role }]);
    if (query.purpose) extra.push(['t.purpose = :purpose', { purpose: query.purpose }]);
    if (query.subjectId) extra.push(['t.subject_id = :subjectId', { subjectId: query.subjectId }]);
    if (query.from) extra.push(['t.read_at >= :from', { from: new Date(query.from).toISOString() }]);
    if (query.to) extra.push(['t.read_at < :to', { to: new Date(query.to).toISOString() }]);
    return { definition: prepared(staffReadsList()), request: this.request(base, query, extra) };
  }

  /** One registration's timeline: every event the gateway received about it, in log order, with who and when. */
  async timeline(scope: StaffScope, registrationId: string, query: TimelineQueryDto): Promise<PreparedList> {
    await this.registrationRow(scope, registrationId);
    const extra: Array<[string, Record<string, unknown>]> = [['t.registration_id = :registrationId', { registrationId }]];
    if (query.source) extra.push(['t.source = :source', { source: query.source }]);
    return {
      definition: prepared(timelineList()),
      request: this.request({ where: [], params: {}, limit: 0 }, query, extra),
    };
  }

  /** The registration's row for a case read: 404 when the gateway does not know it, 403 for another bureau (R-ORG-2); desks have no registration cases. */
  async registrationRow(scope: StaffScope, registrationId: string): Promise<Record<string, unknown>> {
    if (scope.role === 'complaint-desk') throw notYourBureau();
    const row = await one<Record<string, unknown>>(this.db, 'SELECT * FROM gateway_registrations WHERE registration_id = :registrationId', {
      registrationId,
    });
    if (!row) throw registrationNotFound();
    if (!mayRead(scope, str(row.prefecture))) throw notYourBureau();
    return row;
  }

  /** The prefecture whose bureau decides on a registration, for a forwarded action (404 when unknown here). */
  async prefectureOf(registrationId: string): Promise<string | undefined> {
    const row = await one<{ prefecture: string }>(
      this.db,
      'SELECT prefecture FROM gateway_registrations WHERE registration_id = :registrationId',
      { registrationId },
    );
    return row?.prefecture;
  }

  /** A complaint's row with its registration's prefecture and name (404 when unknown here). */
  async complaintRow(complaintId: string): Promise<Record<string, unknown>> {
    const row = await one<Record<string, unknown>>(
      this.db,
      `SELECT c.*, COALESCE(c.sanction_prefecture, r.prefecture) AS prefecture, r.organisation_name FROM gateway_complaints c
       LEFT JOIN gateway_registrations r ON r.registration_id = c.registration_id WHERE c.complaint_id = :complaintId`,
      { complaintId },
    );
    if (!row) throw complaintNotFound();
    return row;
  }

  async reportStream(registrationId: string, period: string): Promise<string | undefined> {
    const row = await one<{ stream_id: string }>(
      this.db,
      'SELECT stream_id FROM gateway_reports WHERE registration_id = :registrationId AND period = :period',
      {
        registrationId,
        period,
      },
    );
    return row?.stream_id;
  }

  /** A complaint's case: a desk its office's, a bureau its prefecture's, HQ all; never its texts (the gateway holds none). */
  async complaintCase(scope: StaffScope, complaintId: string) {
    const row = await this.complaintRow(complaintId);
    if (scope.role === 'complaint-desk' && row.office_code !== scope.officeCode) throw notYourOffice();
    if (scope.role === 'bureau-officer' && row.prefecture !== scope.prefecture) throw notYourBureau();
    const window = this.window('complaints');
    const item = complaintsList(window, scope.role === 'bureau-officer' ? 'sanction' : 'desk').item({
      ...row,
      id: row.complaint_id,
      office_code: row.office_code ?? '',
      organisation_name: row.organisation_name ?? '',
      due: (scope.role === 'bureau-officer' ? row.sanction_due_at : row.desk_due_at) ?? '',
    });
    const history = await rows(
      this.db,
      `SELECT e.entry_id AS id, e.position, e.registration_id, e.subject, e.source, e.type, e.at, e.actor_kind, e.actor_id, e.data,
         ${STAFF_COLUMNS} FROM gateway_timeline e ${STAFF_JOIN} WHERE e.subject = :subject ORDER BY e.position`,
      { subject: row.stream_id },
    );
    // R-CMP-2: the desk of the escalation's office records steps and, once, its outcome.
    const deskActions: AllowedAction[] =
      scope.role === 'complaint-desk' && row.status === 'escalated'
        ? [
            { action: 'record-desk-step', target: { complaintId }, fields: [{ name: 'text', required: true, type: 'text' }] },
            {
              action: 'record-desk-outcome',
              target: { complaintId },
              fields: [
                {
                  name: 'outcome',
                  required: true,
                  type: 'choice',
                  choices: ['resolved', 'advice-given', 'no-fault-found', 'sanction-requested'],
                },
                { name: 'text', required: true, type: 'text' },
              ],
            },
          ]
        : [];
    const allowedActions: AllowedAction[] =
      scope.role === 'complaint-desk'
        ? deskActions
        : scope.role === 'bureau-officer' && row.status === 'sanction-requested'
          ? [
              {
                action: 'decide-complaint-sanction',
                target: { complaintId },
                fields: [
                  { name: 'decision', required: true, type: 'choice', choices: ['suspension', 'termination', 'no-action'] },
                  { name: 'until', required: false, type: 'instant' },
                ],
              },
            ]
          : [];
    return {
      complaint: {
        ...item,
        acknowledgeBy: str(row.acknowledge_by),
        answerBy: str(row.answer_by),
        acknowledgedAt: str(row.acknowledged_at),
        answeredAt: str(row.answered_at),
        resolvedAt: str(row.resolved_at),
        outcomeAt: str(row.outcome_at),
        registrationEventId: str(row.registration_event_id),
      },
      timeline: history.map(timelineList().item),
      allowedActions,
    };
  }

  /** A registration's case: its facts, requests awaiting the bureau, complaints, reports, sanctions, recent daily counts and the actions the caller may take. */
  async registrationCase(scope: StaffScope, registrationId: string) {
    const row = await this.registrationRow(scope, registrationId);
    const window = this.window('usage-periods');
    const registration = registrationsList(window).item({
      ...row,
      id: row.registration_id,
      organisation_name: row.organisation_name ?? '',
      organisation_kind: row.kind ?? '',
      due: row.usage_period_ends_at ?? '',
      approved_at: row.approved_at ?? '',
    });
    /** The case's rows of one query, each as an item. */
    const caseRows = async <I>(sql: string, item: (row: Row) => I, params: Record<string, unknown> = {}) =>
      (await rows(this.db, sql, { registrationId, ...params })).map(item);
    /** The case's items of one list (its select and item), in `order`. */
    const caseItems = <I>(definition: ListDefinition<I>, order: string) =>
      caseRows(`SELECT * FROM (${definition.select}) t WHERE t.registration_id = :registrationId ORDER BY ${order}`, definition.item);
    const requests = await caseItems(requestsList(this.window('applications')), 't.requested_at DESC');
    const complaints = await caseItems(complaintsList(this.window(), 'sanction'), 't.filed_at DESC');
    const reports = await caseItems(reportsList(this.window()), 't.period DESC');
    const sanctions = await caseRows('SELECT * FROM gateway_sanctions WHERE registration_id = :registrationId ORDER BY position', (s) => ({
      source: String(s.source),
      reference: str(s.reference),
      decision: String(s.decision),
      until: str(s.until),
      at: String(s.at),
    }));
    const officerVersions = await caseRows(
      'SELECT version, approved_at FROM gateway_officer_versions WHERE registration_id = :registrationId ORDER BY version',
      (v) => ({ version: num(v.version), approvedAt: String(v.approved_at) }),
    );
    const dailyCounts = await caseRows(
      'SELECT day, messages_sent, replies FROM gateway_daily_counts WHERE registration_id = :registrationId AND day >= :since ORDER BY day DESC',
      (d) => ({ day: String(d.day), messagesSent: num(d.messages_sent), replies: num(d.replies) }),
      { since: addDays(tokyoDay(this.clock.now()), -29) },
    );
    return {
      registration,
      officerVersions,
      requests,
      complaints,
      reports,
      sanctions,
      dailyCounts,
      allowedActions: scope.role === 'bureau-officer' ? this.allowedActions(registration.status, requests, complaints, reports) : [],
    };
  }

  /**
   * The actions a bureau officer may take on the case as the read model stands. The gateway
   * decides nothing: the owner decides each action and answers (409 or 422 when the state or a rule refuses).
   */
  private allowedActions(
    status: string,
    requests: Array<{ kind: string; status: string; requestId: string }>,
    complaints: Array<{ status: string; complaintId: string }>,
    reports: Array<{ status: string; period: string; sanctionDecision: string | null }>,
  ): AllowedAction[] {
    const actions: AllowedAction[] = [];
    const pending = (kind: string) => requests.filter((r) => r.kind === kind && r.status === 'pending');
    if (status === 'submitted') {
      actions.push({ action: 'approve', fields: [{ name: 'adminLogin', required: true, type: 'text' }] });
      actions.push({ action: 'reject', fields: [reason] });
    }
    for (const change of pending('change')) {
      actions.push({ action: 'approve-change', target: { changeId: change.requestId }, fields: [] });
      actions.push({ action: 'reject-change', target: { changeId: change.requestId }, fields: [reason] });
    }
    if (pending('renewal').length > 0) {
      actions.push({ action: 'approve-renewal', fields: [] });
      actions.push({ action: 'reject-renewal', fields: [reason] });
    }
    if (pending('suspension').length > 0 && status === 'active') actions.push({ action: 'approve-suspension', fields: [] });
    if (status === 'active') actions.push({ action: 'suspend', fields: [reason, { name: 'until', required: false, type: 'instant' }] });
    if (status === 'suspended') actions.push({ action: 'resume', fields: [] });
    if (status === 'active' || status === 'suspended') actions.push({ action: 'terminate', fields: [reason] });
    for (const complaint of complaints.filter((c) => c.status === 'sanction-requested'))
      actions.push({
        action: 'decide-complaint-sanction',
        target: { complaintId: complaint.complaintId },
        fields: [
          { name: 'decision', required: true, type: 'choice', choices: ['suspension', 'termination', 'no-action'] },
          { name: 'until', required: false, type: 'instant' },
        ],
      });
    for (const report of reports) {
      if (['filed', 'late'].includes(report.status))
        actions.push({ action: 'mark-report-false', target: { period: report.period }, fields: [reason] });
      if (['overdue', 'false'].includes(report.status) && !report.sanctionDecision)
        actions.push({
          action: 'decide-report-sanction',
          target: { period: report.period },
          fields: [
            { name: 'decision', required: true, type: 'choice', choices: ['suspension', 'termination', 'none'] },
            reason,
            { name: 'malicious', required: false, type: 'boolean' },
          ],
        });
    }
    return actions;
  }

  /** HQ's overview (read-only, R-STF-1): per prefecture, registrations, open requests, sanction requests, overdue and false reports, sanctions, usage periods ending. */
  async overview() {
    const horizon = new Date(this.clock.now().getTime() + 90 * 86_400_000).toISOString();
    const byPrefecture = new Map<string, Record<string, number>>();
    const add = (list: Array<Record<string, unknown>>) => {
      for (const row of list) {
        const prefecture = String(row.prefecture ?? '');
        if (!/^\d\d$/.test(prefecture)) continue;
        const entry = byPrefecture.get(prefecture) ?? {};
        for (const [key, value] of Object.entries(row)) if (key !== 'prefecture') entry[key] = (entry[key] ?? 0) + num(value);
        byPrefecture.set(prefecture, entry);
      }
    };
    add(
      await rows(
        this.db,
        `SELECT prefecture,
           SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS active,
           SUM(CASE WHEN status = 'suspended' THEN 1 ELSE 0 END) AS suspended,
           SUM(CASE WHEN status = 'terminated' THEN 1 ELSE 0 END) AS terminated,
           SUM(CASE WHEN status IN ('active', 'suspended') AND usage_period_ends_at < :horizon THEN 1 ELSE 0 END) AS usage_periods_ending
         FROM gateway_registrations GROUP BY prefecture`,
        { horizon },
      ),
    );
    add(
      await rows(
        this.db,
        `SELECT prefecture, SUM(CASE WHEN kind = 'application' THEN 1 ELSE 0 END) AS pending_applications,
           SUM(CASE WHEN kind <> 'application' THEN 1 ELSE 0 END) AS pending_changes
         FROM gateway_requests WHERE status = 'pending' GROUP BY prefecture`,
      ),
    );
    add(
      await rows(
        this.db,
        `SELECT sanction_prefecture AS prefecture, COUNT(*) AS sanction_requests FROM gateway_complaints WHERE status = 'sanction-requested' GROUP BY sanction_prefecture`,
      ),
    );
    add(
      await rows(
        this.db,
        `SELECT prefecture, SUM(CASE WHEN status = 'overdue' THEN 1 ELSE 0 END) AS overdue_reports,
           SUM(CASE WHEN status = 'false' THEN 1 ELSE 0 END) AS false_reports FROM gateway_reports GROUP BY prefecture`,
      ),
    );
    add(
      await rows(
        this.db,
        `SELECT prefecture, COUNT(*) AS sanctions FROM gateway_sanctions WHERE source = 'registration' GROUP BY prefecture`,
      ),
    );
    const keys = [
      'active',
      'suspended',
      'terminated',
      'pending_applications',
      'pending_changes',
      'sanction_requests',
      'overdue_reports',
      'false_reports',
      'sanctions',
      'usage_periods_ending',
    ];
    const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    return Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0')).map((prefecture) => {
      const entry = byPrefecture.get(prefecture) ?? {};
      return { prefecture, ...Object.fromEntries(keys.map((k) => [camel(k), entry[k] ?? 0])) } as { prefecture: string } & Record<
        string,
        number
      >;
    });
  }
}

/** The caller's view of a date: the Japan-time calendar date of an instant (for labels). */
export const japanDate = (at: string | null | undefined): string => (at ? jstDate(at) : '');
export { notGatewayStaff };
