import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, TokenClaims } from '@hw/platform/nest';
import { ConsultationsService } from './consultations.service';
import { ConsultationOpenedView, ConsultationParams, ConsultationSummaryView, ConsultationView, OpenConsultationDto, TextDto } from './dto';

const R400 = { status: 400, description: 'invalid body or path: names the field (and the rule)' };
const R401 = { status: 401, description: 'no valid bearer token' };
const R403 = {
  status: 403,
  description: 'not this principal: names the rule (NOT_COMPLAINT_OFFICER, NOT_THE_CONSULTED_DESK, CONSULTATION_NOT_VISIBLE; R-CMP-3)',
};
const R404 = { status: 404, description: 'CONSULTATION_NOT_FOUND' };

/**
 * R-CMP-3 without a complaint: an organisation in trouble with a seeker consults a Hello Work
 * complaint desk through its complaint officer. Visible to that registration's complaint officers
 * and that office's desk only (the HQ auditor reads, read-only). Deny by default.
 */
@ApiTags('complaints')
@ApiBearerAuth()
@Controller('consultations')
export class ConsultationsController {
  constructor(private readonly consultations: ConsultationsService) {}

  @Post()
  @HttpCode(201)
  @Allow('organisation-user')
  @ApiOperation({
    summary:
      "R-CMP-3: the registration's complaint officer consults an office's complaint desk, naming the seeker by the registration's own thread or not at all; the text is sealed (R-AUD-2)",
  })
  @ApiResponse({ status: 201, type: ConsultationOpenedView, description: 'opened: consultationId (complaints.ConsultationOpened.v1)' })
  @ApiResponse(R400)
  @ApiResponse(R401)
  @ApiResponse(R403)
  @ApiResponse({ status: 422, description: 'NO_DEALINGS_WITH_SEEKER (R-CMP-3), field threadId: not a thread of this registration' })
  open(@Body() body: OpenConsultationDto, @CurrentPrincipal() p: TokenClaims) {
    return this.consultations.open(p, {
      officeCode: body.officeCode,
      text: body.text,
      ...(body.threadId ? { threadId: body.threadId } : {}),
    });
  }

  @Get()
  @Allow('organisation-user', 'staff:complaint-desk', 'staff:hq-auditor')
  @ApiOperation({
    summary:
      "the caller's consultations: the registration's complaint officers its own; a desk its office's; the HQ auditor all. No texts.",
  })
  @ApiResponse({ status: 200, type: [ConsultationSummaryView], description: 'consultations (ids, office, thread, status, times)' })
  @ApiResponse(R401)
  @ApiResponse(R403)
  list(@CurrentPrincipal() p: TokenClaims) {
    return this.consultations.list(p);
  }

  @Get(':consultationId')
  @Allow('organisation-user', 'staff:complaint-desk', 'staff:hq-auditor')
  @ApiOperation({ summary: 'R-CMP-3: one consultation with its text and answer; a staff read is recorded as an event first (R-STF-2)' })
  @ApiResponse({
    status: 200,
    type: ConsultationView,
    description: 'the consultation; texts are absent once the seeker its thread names is erased (R-AUD-2)',
  })
  @ApiResponse(R400)
  @ApiResponse(R401)
  @ApiResponse(R403)
  @ApiResponse(R404)
  get(@Param() params: ConsultationParams, @CurrentPrincipal() p: TokenClaims) {
    return this.consultations.get(p, params.consultationId);
  }

  @Post(':consultationId/answer')
  @HttpCode(204)
  @Allow('staff:complaint-desk')
  @ApiOperation({ summary: "R-CMP-3: the consulted office's desk answers, once (R-CMP-4); sealed (complaints.ConsultationAnswered.v1)" })
  @ApiResponse({ status: 204, description: 'recorded as an event on the consultation stream (R-CMP-4)' })
  @ApiResponse(R400)
  @ApiResponse(R401)
  @ApiResponse(R403)
  @ApiResponse(R404)
  @ApiResponse({ status: 409, description: 'CONSULTATION_ALREADY_ANSWERED (R-CMP-4)' })
  @ApiResponse({ status: 422, description: 'SEEKER_ERASED (R-AUD-2): the seeker the consultation names is erased' })
  async answer(@Param() params: ConsultationParams, @Body() body: TextDto, @CurrentPrincipal() p: TokenClaims): Promise<void> {
    await this.consultations.answer(p, params.consultationId, body.text);
  }
}
