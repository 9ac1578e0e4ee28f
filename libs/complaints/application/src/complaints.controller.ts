import { applyDecorators, Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, TokenClaims } from '@hw/platform/nest';
import { ComplaintsService } from './complaints.service';
import {
  ComplaintFiledView,
  ComplaintMessagePostedView,
  ComplaintParams,
  ComplaintSummaryView,
  ComplaintView,
  ConsultationDto,
  DeskOutcomeDto,
  EscalateDto,
  FileComplaintDto,
  SanctionDecisionDto,
  TextDto,
} from './dto';

const R400 = { status: 400, description: 'invalid body: names the field (and the rule)' };
const R401 = { status: 401, description: 'no valid bearer token' };
const R403 = {
  status: 403,
  description:
    'not this principal: names the rule (NOT_COMPLAINT_OFFICER, NOT_THE_COMPLAINANT, NOT_THIS_OFFICE_DESK, NOT_THIS_PREFECTURE_BUREAU, COMPLAINT_NOT_VISIBLE)',
};
const R404 = { status: 404, description: 'COMPLAINT_NOT_FOUND' };
const R409 = { status: 409, description: 'the step is not allowed in the complaint state: names the rule (R-CMP-1/2/4/5)' };
const R204 = { status: 204, description: 'recorded as an event on the complaint stream (R-CMP-4)' };

/**
 * Complaints (R-CMP-1…5): the seeker files against a registration; its complaint officer answers
 * first; the seeker resolves or escalates to a Hello Work desk; a desk outcome may request a
 * sanction, which the bureau of the registration's prefecture decides. Deny by default.
 */
/** A transition of a complaint: 204, and every refusal it may answer documented once (409 where the state decides). */
const Transition = (summary: string, conflict = true) =>
  applyDecorators(
    HttpCode(204),
    ApiOperation({ summary }),
    ApiResponse(R204),
    ApiResponse(R400),
    ApiResponse(R401),
    ApiResponse(R403),
    ApiResponse(R404),
    ...(conflict ? [ApiResponse(R409)] : []),
  );

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post()
  @HttpCode(201)
  @Allow('seeker')
  @ApiOperation({
    summary: 'R-CMP-1: a seeker files a complaint about a registration it shares a thread with; the text is sealed (R-AUD-2)',
  })
  @ApiResponse({ status: 201, type: ComplaintFiledView, description: 'filed: complaintId and the due times (acknowledgement, answer)' })
  @ApiResponse(R400)
  @ApiResponse(R401)
  @ApiResponse({ status: 403, description: 'not a seeker' })
  @ApiResponse({ status: 422, description: 'NO_DEALINGS_WITH_REGISTRATION (R-CMP-1), field registrationId; SEEKER_ERASED (R-AUD-2)' })
  file(@Body() body: FileComplaintDto, @CurrentPrincipal() p: TokenClaims) {
    return this.complaints.file(p, {
      registrationId: body.registrationId,
      category: body.category,
      text: body.text,
      messageIds: body.messageIds ?? [],
      officeCode: body.officeCode,
    });
  }

  @Get()
  @Allow('seeker', 'organisation-user', 'staff:complaint-desk', 'staff:bureau-officer', 'staff:hq-auditor')
  @ApiOperation({
    summary:
      "the caller's complaints: a seeker its own; the registration's complaint officer those against it; a desk its office's escalations; a bureau officer escalations and sanction requests of its prefecture; the HQ auditor all. No texts.",
  })
  @ApiResponse({ status: 200, type: [ComplaintSummaryView], description: 'complaints (ids, category, status, due times, overdue flags)' })
  @ApiResponse(R401)
  @ApiResponse(R403)
  list(@CurrentPrincipal() p: TokenClaims) {
    return this.complaints.list(p);
  }

  @Get(':complaintId')
  @Allow('seeker', 'organisation-user', 'staff:complaint-desk', 'staff:bureau-officer', 'staff:hq-auditor')
  @ApiOperation({
    summary: 'one complaint with its text and the course of handling (R-CMP-4); a staff read is recorded as an event first (R-STF-2)',
  })
  @ApiResponse({ status: 200, type: ComplaintView, description: 'the complaint; texts are absent once the seeker is erased (R-AUD-2)' })
  @ApiResponse(R400)
  @ApiResponse(R401)
  @ApiResponse(R403)
  @ApiResponse(R404)
  get(@Param() params: ComplaintParams, @CurrentPrincipal() p: TokenClaims) {
    return this.complaints.get(p, params.complaintId);
  }

  @Post(':complaintId/acknowledgement')
  @Allow('organisation-user')
  @Transition("R-CMP-1: the registration's complaint officer acknowledges")
  async acknowledge(@Param() params: ComplaintParams, @CurrentPrincipal() p: TokenClaims): Promise<void> {
    await this.complaints.acknowledge(p, params.complaintId);
  }

  @Post(':complaintId/messages')
  @HttpCode(201)
  @Allow('seeker', 'organisation-user', 'staff:complaint-desk')
  @ApiOperation({
    summary:
      "R-CMP-1 / R-CMP-4: a message in the complaint's conversation (the complainant, the complaint officer while it is with the organisation, the desk once escalated); sealed (R-AUD-2)",
  })
  @ApiResponse({ status: 201, type: ComplaintMessagePostedView, description: 'recorded: messageId' })
  @ApiResponse(R400)
  @ApiResponse(R401)
  @ApiResponse(R403)
  @ApiResponse(R404)
  @ApiResponse(R409)
  post(@Param() params: ComplaintParams, @Body() body: TextDto, @CurrentPrincipal() p: TokenClaims) {
    return this.complaints.post(p, params.complaintId, body.text);
  }

  @Post(':complaintId/answer')
  @Allow('organisation-user')
  @Transition("R-CMP-1: the complaint officer's answer (once; R-CMP-4: not edited)")
  async answer(@Param() params: ComplaintParams, @Body() body: TextDto, @CurrentPrincipal() p: TokenClaims): Promise<void> {
    await this.complaints.answer(p, params.complaintId, body.text);
  }

  @Post(':complaintId/resolution')
  @Allow('seeker')
  @Transition('R-CMP-2: the complainant is satisfied with the answer')
  async resolve(@Param() params: ComplaintParams, @CurrentPrincipal() p: TokenClaims): Promise<void> {
    await this.complaints.resolve(p, params.complaintId);
  }

  @Post(':complaintId/escalation')
  @Allow('seeker')
  @Transition(
    'R-CMP-2: the complainant escalates at any time, with a reason, to a Hello Work complaint desk (default: the office named at filing)',
  )
  async escalate(@Param() params: ComplaintParams, @Body() body: EscalateDto, @CurrentPrincipal() p: TokenClaims): Promise<void> {
    await this.complaints.escalate(p, params.complaintId, body.reason, body.text, body.officeCode);
  }

  @Post(':complaintId/consultation')
  @Allow('organisation-user')
  @Transition(
    "R-CMP-3: the registration's complaint officer consults a Hello Work complaint desk (default: the office named at filing) while the complaint is with the organisation",
  )
  async consult(@Param() params: ComplaintParams, @Body() body: ConsultationDto, @CurrentPrincipal() p: TokenClaims): Promise<void> {
    await this.complaints.consult(p, params.complaintId, body.text, body.officeCode);
  }

  @Post(':complaintId/consultation/answer')
  @Allow('staff:complaint-desk')
  @Transition('R-CMP-3: the consulted desk answers the organisation', false)
  async answerConsultation(@Param() params: ComplaintParams, @Body() body: TextDto, @CurrentPrincipal() p: TokenClaims): Promise<void> {
    await this.complaints.answerConsultation(p, params.complaintId, body.text);
  }

  @Post(':complaintId/desk-steps')
  @Allow('staff:complaint-desk')
  @Transition("R-CMP-2: the desk of the escalation's office records a handling step (sealed note)")
  async deskStep(@Param() params: ComplaintParams, @Body() body: TextDto, @CurrentPrincipal() p: TokenClaims): Promise<void> {
    await this.complaints.deskStep(p, params.complaintId, body.text);
  }

  @Post(':complaintId/desk-outcome')
  @Allow('staff:complaint-desk')
  @Transition(
    "R-CMP-2: the desk's outcome — resolved, advice-given, no-fault-found, or sanction-requested (to the bureau of the registration's prefecture, R-ORG-2)",
  )
  async deskOutcome(@Param() params: ComplaintParams, @Body() body: DeskOutcomeDto, @CurrentPrincipal() p: TokenClaims): Promise<void> {
    await this.complaints.deskOutcome(p, params.complaintId, body.outcome, body.text);
  }

  @Post(':complaintId/sanction-decision')
  @Allow('staff:bureau-officer')
  @Transition(
    "R-CMP-5: the bureau of the registration's prefecture decides — suspension until a date, termination, or no action; registration carries it out (complaints.SanctionDecided.v1)",
  )
  @ApiResponse({ status: 422, description: 'SUSPENSION_UNTIL_REQUIRED / UNTIL_ONLY_FOR_SUSPENSION (R-CMP-5), field until' })
  async decideSanction(
    @Param() params: ComplaintParams,
    @Body() body: SanctionDecisionDto,
    @CurrentPrincipal() p: TokenClaims,
  ): Promise<void> {
    await this.complaints.decideSanction(p, params.complaintId, body.decision, body.until);
  }
}
