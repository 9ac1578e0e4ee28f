import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { DomainError, isRefusal } from '@hw/platform/core';
import { Allow, CurrentPrincipal, TokenClaims } from '@hw/platform/nest';
import { HistoryQueryDto, QuotaHistoryView, RegistrationParams, TodayQuotaView, TodayQueryDto } from './dto';
import { QuotaQueries } from './quota.queries';

/** A bad range is bad input: 400 in the validation pipe's shape, naming the field and the rule. */
const asBadRequest = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (isRefusal(error, 'INVALID_DAY_RANGE'))
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: `${error.message} (${error.rule})`,
        field: error.field,
        rule: error.rule,
        violations: [{ field: error.field, rule: error.rule, message: error.message }],
      });
    throw error;
  }
};

const ownRegistration = (principal: TokenClaims): string => {
  if (principal.kind !== 'organisation-user') throw new DomainError('FORBIDDEN', 'organisation users only', 'R-ORG-6', 'forbidden');
  return principal.registrationId;
};

/**
 * The daily count per registration (R-MSG-2): sent today, remaining under DAILY_MESSAGE_LIMIT,
 * reset at 00:00 JST, and history by Japan-time day. Read-only.
 */
@ApiTags('quota')
@ApiBearerAuth()
@Controller()
export class QuotaController {
  constructor(private readonly queries: QuotaQueries) {}

  /** R-MSG-2, R-ORG-6: the organisation user's own registration (from its token), never another's. */
  @Get('quota/today')
  @Allow('organisation-user')
  @ApiOkResponse({ type: TodayQuotaView })
  @ApiOperation({ summary: "R-MSG-2: the caller's registration's count for today (Japan time): sent, remaining, limit, when it resets" })
  async today(@Query() _query: TodayQueryDto, @CurrentPrincipal() principal: TokenClaims): Promise<TodayQuotaView> {
    return this.queries.today(ownRegistration(principal));
  }

  @Get('quota/history')
  @Allow('organisation-user')
  @ApiOkResponse({ type: QuotaHistoryView })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED naming field (from/to) and rule (R-MSG-2)' })
  @ApiOperation({ summary: "R-MSG-2: the caller's registration's daily counts over a range of Japan-time days" })
  async history(@Query() query: HistoryQueryDto, @CurrentPrincipal() principal: TokenClaims): Promise<QuotaHistoryView> {
    const registrationId = ownRegistration(principal);
    return asBadRequest(() => this.queries.history(registrationId, query));
  }

  /** R-ORG-2 / R-STF-1: bureau officers of the registration's prefecture, and the HQ auditor (read-only). */
  @Get('registrations/:registrationId/quota')
  @Allow('staff:bureau-officer', 'staff:hq-auditor')
  @ApiOkResponse({ type: TodayQuotaView })
  @ApiResponse({ status: 403, description: "NOT_YOUR_BUREAU (R-ORG-2): another prefecture's registration" })
  @ApiResponse({ status: 404, description: 'REGISTRATION_NOT_FOUND' })
  @ApiOperation({ summary: "R-MSG-2: one registration's count for today, for its bureau's officers (own prefecture) and the HQ auditor" })
  async registrationToday(@Param() params: RegistrationParams, @CurrentPrincipal() principal: TokenClaims): Promise<TodayQuotaView> {
    await this.queries.assertStaffMayRead(principal, params.registrationId);
    return this.queries.today(params.registrationId);
  }

  @Get('registrations/:registrationId/quota/history')
  @Allow('staff:bureau-officer', 'staff:hq-auditor')
  @ApiOkResponse({ type: QuotaHistoryView })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED naming field (from/to) and rule (R-MSG-2)' })
  @ApiResponse({ status: 403, description: "NOT_YOUR_BUREAU (R-ORG-2): another prefecture's registration" })
  @ApiOperation({ summary: "R-MSG-2: one registration's daily counts over a range of days, for its bureau's officers and the HQ auditor" })
  @ApiResponse({ status: 404, description: 'REGISTRATION_NOT_FOUND: no registration with this id (R-ORG-2)' })
  async registrationHistory(
    @Param() params: RegistrationParams,
    @Query() query: HistoryQueryDto,
    @CurrentPrincipal() principal: TokenClaims,
  ): Promise<QuotaHistoryView> {
    await this.queries.assertStaffMayRead(principal, params.registrationId);
    return asBadRequest(() => this.queries.history(params.registrationId, query));
  }
}
