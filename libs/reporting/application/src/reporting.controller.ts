import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@hw/platform/core';
import { Allow, CurrentPrincipal, TokenClaims } from '@hw/platform/nest';
import { EnteredFigures } from '@hw/reporting/domain';
import {
  AmendmentDto,
  BureauPeriodView,
  BureauReportView,
  DraftView,
  EnteredFiguresDto,
  MarkFalseDto,
  PeriodParams,
  PeriodQueryDto,
  RegistrationPeriodParams,
  ReportLinesView,
  ReportView,
  SanctionDto,
  TotalsView,
} from './dto';
import { ReportingQueries } from './reporting.queries';
import { ReportingService } from './reporting.service';

type OrganisationUser = Extract<TokenClaims, { kind: 'organisation-user' }>;
/** R-ORG-6: an organisation user acts under the registration of its token, never a parameter. */
const organisationUser = (principal: TokenClaims): OrganisationUser => {
  if (principal.kind !== 'organisation-user') throw new DomainError('FORBIDDEN', 'organisation users only', 'R-ORG-6', 'forbidden');
  return principal;
};

/** The figures a body enters (R-REP-2), and nothing else it holds. */
const entered = ({ applicationsAccepted, placements, paidServicesProvided }: EnteredFiguresDto): EnteredFigures => ({
  applicationsAccepted,
  placements,
  paidServicesProvided,
});

const REFUSALS = [
  { status: 400, description: 'VALIDATION_FAILED naming the field and rule' },
  { status: 404, description: 'REPORT_NOT_FOUND (R-REP-1): no obligation for this registration and period' },
];

/** Performance reports (R-REP-1..3): the organisation's reports, the bureau's period, HQ's totals. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportingController {
  constructor(
    private readonly service: ReportingService,
    private readonly queries: ReportingQueries,
  ) {}

  @Get('reports')
  @Allow('organisation-user')
  @ApiOkResponse({ type: ReportLinesView, description: "the caller's registration's obligations and reports, newest period first" })
  @ApiOperation({ summary: "R-REP-1: the organisation user's registration's report obligations and reports, newest period first" })
  async ownReports(@CurrentPrincipal() principal: TokenClaims) {
    return { reports: await this.queries.ofRegistration(organisationUser(principal).registrationId) };
  }

  @Get('reports/:period')
  @Allow('organisation-user')
  @ApiOkResponse({
    type: ReportView,
    description: 'the report with its prefill, every version and, while unfiled, the saved draft (R-REP-2)',
  })
  @ApiResponse(REFUSALS[0])
  @ApiResponse(REFUSALS[1])
  @ApiOperation({
    summary: "R-REP-1/2: one period's report of the caller's registration — prefill, versions, the saved draft while unfiled",
  })
  async ownReport(@Param() params: PeriodParams, @CurrentPrincipal() principal: TokenClaims) {
    return this.service.report(organisationUser(principal).registrationId, params.period, true);
  }

  @Put('reports/:period/draft')
  @Allow('organisation-user')
  @ApiOkResponse({
    type: DraftView,
    description: 'saved as the draft (R-REP-2): any user of the registration; replaces the previous draft; never shown to the bureau',
  })
  @ApiResponse(REFUSALS[0])
  @ApiResponse(REFUSALS[1])
  @ApiResponse({ status: 409, description: 'REPORT_ALREADY_FILED (R-REP-2): amend it' })
  @ApiResponse({ status: 422, description: 'INVALID_FIGURE placements > applicationsAccepted (R-REP-2)' })
  @ApiOperation({ summary: "R-REP-2: save the entered figures as the period's draft (any user of the registration)" })
  async saveDraft(@Param() params: PeriodParams, @Body() dto: EnteredFiguresDto, @CurrentPrincipal() principal: TokenClaims) {
    return this.service.saveDraft(organisationUser(principal), params.period, entered(dto));
  }

  @Get('reports/:period/draft')
  @Allow('organisation-user')
  @ApiOkResponse({ type: DraftView, description: 'the saved draft: figures, who saved it and when (R-REP-2)' })
  @ApiResponse(REFUSALS[0])
  @ApiResponse({ status: 404, description: 'REPORT_NOT_FOUND (R-REP-1) · DRAFT_NOT_FOUND (R-REP-2): none saved, or the report is filed' })
  @ApiOperation({ summary: "R-REP-2: read the period's saved draft" })
  async draft(@Param() params: PeriodParams, @CurrentPrincipal() principal: TokenClaims) {
    return this.service.draft(organisationUser(principal).registrationId, params.period);
  }

  @Post('reports/:period/draft/filing')
  @HttpCode(201)
  @Allow('organisation-user')
  @ApiResponse({
    status: 201,
    type: ReportView,
    description: "the report, the draft's figures filed as version 1 (R-REP-1, R-REP-2); late when after the due day",
  })
  @ApiResponse(REFUSALS[0])
  @ApiResponse({ status: 403, description: "NOT_REGISTRATION_ADMIN (R-REP-1): only the registration's administrator files" })
  @ApiResponse({ status: 404, description: 'REPORT_NOT_FOUND (R-REP-1) · DRAFT_NOT_FOUND (R-REP-2): no draft to file' })
  @ApiResponse({ status: 409, description: 'REPORT_ALREADY_FILED (R-REP-2): amend it' })
  @ApiOperation({ summary: "R-REP-1/2: the registration's administrator files the saved draft as version 1" })
  async fileDraft(@Param() params: PeriodParams, @CurrentPrincipal() principal: TokenClaims) {
    return this.service.file(organisationUser(principal), params.period);
  }

  @Post('reports/:period/filing')
  @HttpCode(201)
  @Allow('organisation-user')
  @ApiResponse({ status: 201, type: ReportView, description: 'the report, filed: version 1, late when after the due day (R-REP-1)' })
  @ApiResponse(REFUSALS[0])
  @ApiResponse(REFUSALS[1])
  @ApiResponse({ status: 403, description: "NOT_REGISTRATION_ADMIN (R-REP-1): only the registration's administrator files" })
  @ApiResponse({ status: 409, description: 'REPORT_ALREADY_FILED (R-REP-2): amend it' })
  @ApiResponse({ status: 422, description: 'PERIOD_NOT_ENDED (R-REP-1) · INVALID_FIGURE placements > applicationsAccepted (R-REP-2)' })
  @ApiOperation({ summary: "R-REP-1/2: the registration's administrator files the period's report with its entered figures" })
  async file(@Param() params: PeriodParams, @Body() dto: EnteredFiguresDto, @CurrentPrincipal() principal: TokenClaims) {
    return this.service.file(organisationUser(principal), params.period, entered(dto));
  }

  @Post('reports/:period/amendments')
  @HttpCode(201)
  @Allow('organisation-user')
  @ApiResponse({ status: 201, type: ReportView, description: 'the report with the new version and its reason (R-REP-2)' })
  @ApiResponse(REFUSALS[0])
  @ApiResponse(REFUSALS[1])
  @ApiResponse({ status: 403, description: "NOT_REGISTRATION_ADMIN (R-REP-1): only the registration's administrator amends" })
  @ApiResponse({ status: 409, description: 'REPORT_NOT_FILED' })
  @ApiResponse({ status: 422, description: 'INVALID_FIGURE (R-REP-2)' })
  @ApiOperation({ summary: "R-REP-2: the registration's administrator amends a filed report, with a reason; every version is kept" })
  async amend(@Param() params: PeriodParams, @Body() dto: AmendmentDto, @CurrentPrincipal() principal: TokenClaims) {
    return this.service.amend(organisationUser(principal), params.period, entered(dto), dto.reason);
  }

  @Get('bureau/reports')
  @Allow('staff:bureau-officer')
  @ApiOkResponse({
    type: BureauPeriodView,
    description: "the bureau's prefecture's period: every registration owing it, status filed/late/overdue/false, figures (R-REP-3)",
  })
  @ApiResponse(REFUSALS[0])
  @ApiResponse({ status: 403, description: 'NOT_YOUR_BUREAU (R-ORG-2): no prefecture in the token' })
  @ApiOperation({
    summary: "R-REP-3: a bureau officer's view of a period for its prefecture: every registration owing a report and its status",
  })
  async bureauPeriod(@Query() query: PeriodQueryDto, @CurrentPrincipal() principal: TokenClaims) {
    return this.queries.ofPrefecture(this.service.assertBureau(principal), this.service.period(query.period).id);
  }

  @Get('bureau/reports.csv')
  @Allow('staff:bureau-officer')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'the same as CSV: UTF-8 with BOM, Japanese headers, first line the log position (also `x-log-position`)' })
  @ApiResponse(REFUSALS[0])
  @ApiResponse({ status: 403, description: 'NOT_YOUR_BUREAU (R-ORG-2)' })
  @ApiOperation({ summary: 'R-REP-3: the same period view as CSV' })
  async bureauCsv(
    @Query() query: PeriodQueryDto,
    @CurrentPrincipal() principal: TokenClaims,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { body, logPosition } = await this.queries.csv(this.service.assertBureau(principal), this.service.period(query.period).id);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="reports-${query.period}.csv"`);
    reply.header('x-log-position', logPosition);
    return body;
  }

  @Get('bureau/overdue')
  @Allow('staff:bureau-officer')
  @ApiOkResponse({ type: ReportLinesView, description: "the prefecture's unfiled overdue obligations (R-REP-3)" })
  @ApiResponse({ status: 403, description: 'NOT_YOUR_BUREAU (R-ORG-2)' })
  @ApiOperation({ summary: "R-REP-3: the bureau's prefecture's overdue reports (flagged at 00:00 JST after the due day)" })
  async overdue(@CurrentPrincipal() principal: TokenClaims) {
    return { reports: await this.queries.overdue(this.service.assertBureau(principal)) };
  }

  @Get('bureau/reports/:registrationId/:period')
  @Allow('staff:bureau-officer')
  @ApiOkResponse({ type: BureauReportView, description: 'one report with every version and the sanction the rule proposes (R-REP-3)' })
  @ApiResponse(REFUSALS[0])
  @ApiResponse(REFUSALS[1])
  @ApiResponse({ status: 403, description: "NOT_YOUR_BUREAU (R-ORG-2): another prefecture's registration" })
  @ApiOperation({ summary: "R-REP-3: one registration's report for a period, as the bureau of its prefecture reads it" })
  async bureauReport(@Param() params: RegistrationPeriodParams, @CurrentPrincipal() principal: TokenClaims) {
    await this.service.assertBureauOf(principal, params.registrationId);
    const report = await this.service.report(params.registrationId, params.period);
    return { ...report, proposedSanction: await this.service.proposal(params.registrationId) };
  }

  @Post('bureau/reports/:registrationId/:period/false')
  @HttpCode(201)
  @Allow('staff:bureau-officer')
  @ApiResponse({ status: 201, type: ReportView, description: 'the report, marked false (R-REP-3)' })
  @ApiResponse(REFUSALS[0])
  @ApiResponse(REFUSALS[1])
  @ApiResponse({ status: 403, description: 'NOT_YOUR_BUREAU (R-ORG-2)' })
  @ApiResponse({ status: 409, description: 'REPORT_NOT_FILED' })
  @ApiOperation({ summary: 'R-REP-3: the bureau marks a filed report false, with a reason' })
  async markFalse(@Param() params: RegistrationPeriodParams, @Body() dto: MarkFalseDto, @CurrentPrincipal() principal: TokenClaims) {
    return this.service.markFalse(principal, params.registrationId, params.period, dto.reason);
  }

  @Post('bureau/reports/:registrationId/:period/sanction')
  @HttpCode(201)
  @Allow('staff:bureau-officer')
  @ApiResponse({
    status: 201,
    type: ReportView,
    description: 'the report with the decision; registration carries it out (reporting.SanctionDecided.v1, R-ORG-1)',
  })
  @ApiResponse(REFUSALS[0])
  @ApiResponse(REFUSALS[1])
  @ApiResponse({ status: 403, description: 'NOT_YOUR_BUREAU (R-ORG-2)' })
  @ApiResponse({ status: 409, description: 'NOTHING_TO_SANCTION · SANCTION_ALREADY_DECIDED (R-REP-3)' })
  @ApiResponse({ status: 422, description: 'TERMINATION_NOT_GROUNDED (R-REP-3)' })
  @ApiOperation({
    summary: "R-REP-3: the bureau decides a sanction for a missing or false report (through the registration's lifecycle, R-ORG-1)",
  })
  async sanction(@Param() params: RegistrationPeriodParams, @Body() dto: SanctionDto, @CurrentPrincipal() principal: TokenClaims) {
    return this.service.decideSanction(principal, params.registrationId, params.period, dto.decision, dto.reason, dto.malicious === true);
  }

  @Get('hq/reports/totals')
  @Allow('staff:hq-auditor')
  @ApiOkResponse({ type: TotalsView, description: 'national totals per prefecture for a period (read-only, R-STF-1)' })
  @ApiResponse(REFUSALS[0])
  @ApiOperation({ summary: "R-REP-2: headquarters' nationwide totals for a period (read-only auditor)" })
  async totals(@Query() query: PeriodQueryDto) {
    const period = this.service.period(query.period).id;
    return { period, prefectures: await this.queries.totals(period) };
  }
}
