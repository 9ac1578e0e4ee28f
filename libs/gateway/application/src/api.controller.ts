import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Allow, READ_DB, TokenClaims } from '@hw/platform/nest';
import {
  ComplaintParams,
  ComplaintsQueryDto,
  ConsultationsQueryDto,
  DailyCountsQueryDto,
  ListQueryDto,
  QueueQueryDto,
  READ_POSITION_HEADER,
  Read,
  ReadCall,
  RegistrationParams,
  RegistrationsQueryDto,
  ReportsQueryDto,
  StaffReadsQueryDto,
  TimelineQueryDto,
  UsagePeriodsQueryDto,
} from './dto';
import { Freshness, FreshnessService } from './freshness';
import { listCsv, listPage } from './lists';
import { GatewayQueries, PreparedList, QueueName } from './queries';
import {
  COMPLAINT_CASE_SCHEMA,
  CASE_SCHEMA,
  COUNTS_SCHEMA,
  FRESHNESS_SCHEMA,
  ListResponses,
  OVERVIEW_SCHEMA,
  ReadResponses,
} from './schemas';
import { scopeOf, StaffScope } from './scope';

export const GATEWAY_STAFF = ['staff:bureau-officer', 'staff:complaint-desk', 'staff:hq-auditor'] as const;
const BUREAU_AND_HQ = ['staff:bureau-officer', 'staff:hq-auditor'] as const;

/** The header every read answers with: each source's position, `registration=12,messaging=40,…`. */
export const positionsHeader = (freshness: Freshness): string => freshness.sources.map((s) => `${s.source}=${s.position}`).join(',');

/**
 * Reads and waits for freshness, once for the API and the console: the caller's scope, the
 * position to wait for (named, or the caller's own last action), then the freshness and the answer.
 */
export const freshRead = async (freshnessService: FreshnessService, principal: TokenClaims, named: bigint | undefined) => {
  const scope = scopeOf(principal);
  const position = freshnessService.positionToRead(scope.staff, named);
  await freshnessService.waitFor(position);
  return { scope, freshness: await freshnessService.current(position) };
};

/**
 * The gateway's query API for staff (R-STF-1, R-ORG-2): queues, lists, cases and timelines
 * over its own read models. Every answer states its freshness; `X-Log-Position` makes it wait
 * for a position (read your writes); every list filters, sorts, pages by keyset, and exports CSV.
 */
@ApiTags('gateway')
@ApiBearerAuth()
@ApiHeader(READ_POSITION_HEADER)
@Controller('api')
export class GatewayApiController {
  constructor(
    private readonly queries: GatewayQueries,
    private readonly freshness: FreshnessService,
    @Inject(READ_DB) private readonly db: DataSource,
  ) {}

  /** The caller's scope and the freshness, once the read models reflect the position the read names (or the caller's own last action). */
  private fresh(read: ReadCall) {
    return freshRead(this.freshness, read.principal, read.position);
  }

  /** One of the queues, as a list named after it. */
  private queue(read: ReadCall, name: QueueName, query: QueueQueryDto) {
    return this.list(read, query, name, (scope) => this.queries.queue(scope, name, query));
  }

  private async list(
    read: ReadCall,
    query: ListQueryDto,
    name: string,
    prepare: (scope: StaffScope) => PreparedList | Promise<PreparedList>,
  ) {
    const { scope, freshness } = await this.fresh(read);
    const { definition, request } = await prepare(scope);
    const { reply } = read;
    reply.header('x-log-positions', positionsHeader(freshness));
    if (query.format === 'csv') {
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${name}.csv"`);
      return listCsv(
        this.db,
        definition,
        request,
        freshness.sources.map((s) => [s.source, s.position]),
      );
    }
    return { ...(await listPage(this.db, definition, request)), freshness };
  }

  @Get('freshness')
  @Allow(...GATEWAY_STAFF)
  @ApiOperation({
    summary: "how current the gateway's read models are: per source, the newest position applied and the lag in events and seconds",
  })
  @ApiOkResponse({ schema: FRESHNESS_SCHEMA })
  @ReadResponses('not gateway staff (organisation users, seekers, counter staff)')
  async current(@Read() read: ReadCall) {
    const { freshness } = await this.fresh(read);
    return freshness;
  }

  @Get('queues')
  @Allow(...GATEWAY_STAFF)
  @ApiOperation({
    summary: "counts per queue, grouped overdue / due soon / not due: a bureau's own prefecture (HQ: nationwide), a desk's own office",
  })
  @ApiOkResponse({ schema: COUNTS_SCHEMA })
  @ReadResponses('not gateway staff; NOT_YOUR_BUREAU for another prefecture (R-ORG-2)')
  async queues(@Read() read: ReadCall, @Query() query: QueueQueryDto) {
    const { scope, freshness } = await this.fresh(read);
    return { queues: await this.queries.counts(scope, query), freshness };
  }

  @Get('queues/applications')
  @Allow(...BUREAU_AND_HQ)
  @ApiOperation({ summary: 'applications awaiting the bureau’s decision (R-ORG-1, R-ORG-2), due GATEWAY_DECISION_DAYS after filing' })
  @ListResponses('request', 'not a bureau officer or HQ; NOT_YOUR_BUREAU for another prefecture (R-ORG-2)')
  applications(@Read() read: ReadCall, @Query() q: QueueQueryDto) {
    return this.queue(read, 'applications', q);
  }

  @Get('queues/changes')
  @Allow(...BUREAU_AND_HQ)
  @ApiOperation({ summary: 'change applications, renewals and suspension requests awaiting the bureau (R-ORG-2, R-ORG-5, R-ORG-7)' })
  @ListResponses('request', 'not a bureau officer or HQ; NOT_YOUR_BUREAU for another prefecture (R-ORG-2)')
  changes(@Read() read: ReadCall, @Query() q: QueueQueryDto) {
    return this.queue(read, 'changes', q);
  }

  @Get('queues/sanction-requests')
  @Allow(...BUREAU_AND_HQ)
  @ApiOperation({ summary: "complaint desks' sanction requests to the bureau of the registration's prefecture (R-CMP-5)" })
  @ListResponses('complaint', 'not a bureau officer or HQ; NOT_YOUR_BUREAU for another prefecture (R-ORG-2)')
  sanctionRequests(@Read() read: ReadCall, @Query() q: QueueQueryDto) {
    return this.queue(read, 'sanction-requests', q);
  }

  @Get('queues/reports')
  @Allow(...BUREAU_AND_HQ)
  @ApiOperation({ summary: 'overdue and false reports without a sanction decision yet (R-REP-3)' })
  @ListResponses('report', 'not a bureau officer or HQ; NOT_YOUR_BUREAU for another prefecture (R-ORG-2)')
  overdueReports(@Read() read: ReadCall, @Query() q: QueueQueryDto) {
    return this.queue(read, 'reports', q);
  }

  @Get('queues/usage-periods')
  @Allow(...BUREAU_AND_HQ)
  @ApiOperation({ summary: 'usage periods ending within 30, 60 or 90 days (R-ORG-1)' })
  @ListResponses('registration', 'not a bureau officer or HQ; NOT_YOUR_BUREAU for another prefecture (R-ORG-2)')
  usagePeriods(@Read() read: ReadCall, @Query() q: UsagePeriodsQueryDto) {
    return this.queue(read, 'usage-periods', q);
  }

  @Get('complaints')
  @Allow(...GATEWAY_STAFF)
  @ApiOperation({
    summary:
      "complaints: a desk's escalated to its office (R-CMP-2), a bureau's escalations and sanction requests of its prefecture, HQ all; no texts",
  })
  @ListResponses('complaint', 'not gateway staff; NOT_YOUR_OFFICE / NOT_YOUR_BUREAU for another office or prefecture')
  complaints(@Read() read: ReadCall, @Query() q: ComplaintsQueryDto) {
    return this.list(read, q, 'complaints', (scope) => this.queries.complaints(scope, q));
  }

  @Get('complaints/:complaintId')
  @Allow(...GATEWAY_STAFF)
  @ApiOperation({
    summary:
      "a complaint's course (no texts: the gateway holds none), its timeline and the actions allowed (a bureau: the sanction decision)",
  })
  @ApiOkResponse({ schema: COMPLAINT_CASE_SCHEMA })
  @ApiResponse({ status: 404, description: 'COMPLAINT_NOT_FOUND: not known here (yet)' })
  @ReadResponses('not gateway staff; NOT_YOUR_OFFICE / NOT_YOUR_BUREAU (R-CMP-2, R-ORG-2)')
  async complaint(@Read() read: ReadCall, @Param() params: ComplaintParams) {
    const { scope, freshness } = await this.fresh(read);
    return { ...(await this.queries.complaintCase(scope, params.complaintId)), freshness };
  }

  @Get('consultations')
  @Allow('staff:complaint-desk', 'staff:hq-auditor')
  @ApiOperation({ summary: "consultations of a desk by organisations' complaint officers (R-CMP-3): its office's; HQ all" })
  @ListResponses('consultation', 'not a desk or HQ')
  consultations(@Read() read: ReadCall, @Query() q: ConsultationsQueryDto) {
    return this.list(read, q, 'consultations', (scope) => this.queries.consultations(scope, q));
  }

  @Get('registrations')
  @Allow(...BUREAU_AND_HQ)
  @ApiOperation({ summary: "registrations: a bureau's own prefecture (R-ORG-2), HQ nationwide (read-only)" })
  @ListResponses('registration', 'not a bureau officer or HQ; NOT_YOUR_BUREAU for another prefecture (R-ORG-2)')
  registrations(@Read() read: ReadCall, @Query() q: RegistrationsQueryDto) {
    return this.list(read, q, 'registrations', (scope) => this.queries.registrations(scope, q));
  }

  @Get('registrations/:registrationId')
  @Allow(...BUREAU_AND_HQ)
  @ApiOperation({
    summary:
      "one registration's case: status, prefecture, kind, usage period, officer versions, sanctions, requests, complaints, reports, daily counts, allowed actions",
  })
  @ApiOkResponse({ schema: CASE_SCHEMA })
  @ApiResponse({ status: 404, description: 'REGISTRATION_NOT_FOUND: not known here (yet)' })
  @ReadResponses('not a bureau officer or HQ; NOT_YOUR_BUREAU: another prefecture’s case (R-ORG-2)')
  async registration(@Read() read: ReadCall, @Param() params: RegistrationParams) {
    const { scope, freshness } = await this.fresh(read);
    return { ...(await this.queries.registrationCase(scope, params.registrationId)), freshness };
  }

  @Get('registrations/:registrationId/timeline')
  @Allow(...BUREAU_AND_HQ)
  @ApiOperation({
    summary:
      "one registration's timeline: every event about it in log order — applications, decisions, officer changes, sanctions, complaints, reports, daily counts — with who and when",
  })
  @ApiResponse({ status: 404, description: 'REGISTRATION_NOT_FOUND' })
  @ListResponses('timeline', 'not a bureau officer or HQ; NOT_YOUR_BUREAU (R-ORG-2)')
  timeline(@Read() read: ReadCall, @Param() params: RegistrationParams, @Query() q: TimelineQueryDto) {
    return this.list(read, q, 'timeline', (scope) => this.queries.timeline(scope, params.registrationId, q));
  }

  @Get('reports')
  @Allow(...BUREAU_AND_HQ)
  @ApiOperation({ summary: 'report obligations with filed / late / overdue / false (R-REP-1, R-REP-3): own prefecture, HQ all' })
  @ListResponses('report', 'not a bureau officer or HQ; NOT_YOUR_BUREAU (R-ORG-2)')
  reports(@Read() read: ReadCall, @Query() q: ReportsQueryDto) {
    return this.list(read, q, 'reports', (scope) => this.queries.reports(scope, q));
  }

  @Get('daily-counts')
  @Allow(...BUREAU_AND_HQ)
  @ApiOperation({ summary: 'messages sent and replies per registration per Japan-time day (R-MSG-2), from messaging’s events' })
  @ListResponses('dailyCount', 'not a bureau officer or HQ; NOT_YOUR_BUREAU (R-ORG-2)')
  dailyCounts(@Read() read: ReadCall, @Query() q: DailyCountsQueryDto) {
    return this.list(read, q, 'daily-counts', (scope) => this.queries.dailyCounts(scope, q));
  }

  @Get('staff-reads')
  @Allow(...GATEWAY_STAFF)
  @ApiOperation({
    summary:
      "R-STF-2: the record of staff reads of personal data (who, role, office, what kind, why, when; never the data) — HQ all, a bureau its prefecture's, a desk its office's",
  })
  @ListResponses('staffRead', 'not gateway staff; NOT_YOUR_BUREAU / NOT_YOUR_OFFICE for another prefecture or office')
  staffReads(@Read() read: ReadCall, @Query() q: StaffReadsQueryDto) {
    return this.list(read, q, 'staff-reads', (scope) => this.queries.staffReads(scope, q));
  }

  @Get('hq/overview')
  @Allow('staff:hq-auditor')
  @ApiOperation({
    summary:
      'HQ (read-only, R-STF-1): every prefecture — registrations, open requests, sanction requests, overdue and false reports, sanctions, usage periods ending',
  })
  @ApiOkResponse({ schema: OVERVIEW_SCHEMA })
  @ReadResponses('not the HQ auditor')
  async overview(@Read() read: ReadCall) {
    const { freshness } = await this.fresh(read);
    return { prefectures: await this.queries.overview(), freshness };
  }
}
