import { applyDecorators, Body, Controller, createParamDecorator, ExecutionContext, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, Allowed, positionInHeader, TokenClaims } from '@hw/platform/nest';
import { ActionsService, ActionTarget } from './actions';
import { ChangeParams, ComplaintParams, RegistrationParams, ReportParams } from './dto';
import { Forwarded } from './forwarding';
import { ActionName } from './queries';

type Schema = Record<string, unknown>;
const REASON = { type: 'string', minLength: 1, maxLength: 1000, description: 'required: the rule needs a reason' };
const bodyOf = (properties: Record<string, Schema>, required: string[]) =>
  ApiBody({ schema: { type: 'object', properties, required, additionalProperties: false } });

const OFFICER_SCHEMA = {
  type: 'object',
  required: ['name', 'department', 'phone', 'email'],
  properties: {
    name: { type: 'string' },
    department: { type: 'string' },
    phone: { type: 'string' },
    email: { type: 'string', format: 'email' },
  },
};
/** registration's application body (POST /registrations), forwarded as it is: registration validates it. */
const APPLICATION_SCHEMA = {
  type: 'object',
  description: "registration's POST /registrations body, forwarded as it is (registration validates it)",
  required: ['organisationName', 'kind', 'category', 'departments', 'contactOfficer', 'complaintOfficer', 'security'],
  properties: {
    organisationName: { type: 'string', minLength: 1, maxLength: 200 },
    kind: { enum: ['private-paid', 'private-free', 'local-government'] },
    category: { enum: ['own', 'joint'] },
    permitNumber: { type: 'string', example: '13-ユ-000001' },
    departments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, branchNumber: { type: 'string' }, mainOffice: { type: 'boolean' } },
      },
    },
    contactOfficer: OFFICER_SCHEMA,
    complaintOfficer: OFFICER_SCHEMA,
    security: {
      type: 'object',
      required: ['antivirusDefinitionsCurrent', 'automaticScanEnabled'],
      properties: { antivirusDefinitionsCurrent: { type: 'boolean' }, automaticScanEnabled: { type: 'boolean' } },
    },
  },
};

/** Every status a forwarded action answers: the owner's (passed on as it is) and the gateway's own. */
const Forwards = (summary: string, owner: string, success = 200) =>
  applyDecorators(
    ApiOperation({ summary: `${summary} — forwarded to ${owner} with your token; its status and body are the answer` }),
    ApiResponse({
      status: success,
      description: `${owner}'s answer; header X-Log-Position: the log position of the event it recorded (send it back as X-Log-Position to read your write)`,
    }),
    ApiResponse({ status: 400, description: `${owner}'s VALIDATION_FAILED naming the field (and the rule), or a bad path parameter` }),
    ApiResponse({ status: 401, description: 'no valid bearer token' }),
    ApiResponse({
      status: 403,
      description:
        "not a bureau officer (a desk's own routes: not a desk; HQ is read-only, R-STF-1); NOT_YOUR_BUREAU: another prefecture's case (R-ORG-2); NOT_YOUR_OFFICE: another office's complaint (R-CMP-2)",
    }),
    ApiResponse({
      status: 404,
      description: 'REGISTRATION_NOT_FOUND / COMPLAINT_NOT_FOUND: not known to the gateway (yet); or the owner’s 404',
    }),
    ApiResponse({ status: 409, description: `${owner}: the state does not allow it (already decided, nothing requested …)` }),
    ApiResponse({ status: 422, description: `${owner}: a rule refuses it, naming the rule` }),
    ApiResponse({ status: 502, description: `OWNER_UNAVAILABLE: ${owner} cannot be reached; nothing was forwarded` }),
    ApiResponse({ status: 504, description: `OWNER_TIMEOUT: ${owner} did not answer within GATEWAY_FORWARD_TIMEOUT_MS` }),
  );

/** The caller's bearer token, forwarded to the owner as it came. */
export const authorizationOf = (request: FastifyRequest): string | undefined => {
  const value = request.headers.authorization;
  return typeof value === 'string' ? value : undefined;
};

/** What every forwarded action takes from its request: the caller, their bearer token (forwarded as it came), the reply. */
interface ActionCall {
  principal: TokenClaims;
  authorization: string | undefined;
  reply: FastifyReply;
}
/** The action's ActionCall, from the request the guard authenticated. */
const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): ActionCall => {
  const http = ctx.switchToHttp();
  const request = http.getRequest<FastifyRequest & { principal: TokenClaims }>();
  return { principal: request.principal, authorization: authorizationOf(request), reply: http.getResponse<FastifyReply>() };
});

/** A route forwarding one staff action: POST, its success status, who may ask (a bureau officer unless named), its answers. */
const ForwardedPost = (path: string, summary: string, owner: string, { status = 200, allow = 'staff:bureau-officer' as Allowed } = {}) =>
  applyDecorators(Post(path), HttpCode(status), Allow(allow), Forwards(summary, owner, status));

/** The owner's answer as the gateway's: its status and body, the event's position as X-Log-Position. */
export const answerWith = (reply: FastifyReply, forwarded: Forwarded): unknown => {
  reply.status(forwarded.status);
  reply.header('x-forwarded-to', forwarded.owner);
  return positionInHeader(reply, forwarded).body;
};

/**
 * Staff actions, forwarded to the owning services (the gateway decides nothing): registration's
 * lifecycle decisions, complaints' sanction decision, reporting's false report and sanction. Each
 * is checked against the caller's scope first (R-ORG-2), then the owner decides and answers.
 */
@ApiTags('gateway actions')
@ApiBearerAuth()
@Controller('api')
export class GatewayActionsController {
  constructor(private readonly actions: ActionsService) {}

  private async act({ principal, authorization, reply }: ActionCall, action: ActionName, target: ActionTarget, body?: unknown) {
    return answerWith(reply, await this.actions.act(principal, authorization, action, target, body ?? {}));
  }

  @ForwardedPost(
    'registrations',
    "receive an organisation's application for the officer's prefecture (R-ORG-2; the body is registration's POST /registrations)",
    'registration',
    { status: 201 },
  )
  @ApiBody({ schema: APPLICATION_SCHEMA })
  async submit(@Body() body: Record<string, unknown>, @Caller() { principal, authorization, reply }: ActionCall) {
    return answerWith(reply, await this.actions.file(principal, authorization, body));
  }

  @ForwardedPost(
    'registrations/:registrationId/approve',
    'approve an application (R-ORG-1); the answer holds the admin’s one-time activation code',
    'registration',
  )
  @bodyOf({ adminLogin: { type: 'string', minLength: 1, maxLength: 100 } }, ['adminLogin'])
  approve(@Param() params: RegistrationParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'approve', params, body);
  }

  @ForwardedPost('registrations/:registrationId/reject', 'reject an application', 'registration')
  @bodyOf({ reason: REASON }, ['reason'])
  reject(@Param() params: RegistrationParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'reject', params, body);
  }

  @ForwardedPost(
    'registrations/:registrationId/changes/:changeId/approve',
    'approve a change application (R-ORG-5, R-ORG-7)',
    'registration',
  )
  approveChange(@Param() params: ChangeParams, @Caller() caller: ActionCall) {
    return this.act(caller, 'approve-change', params);
  }

  @ForwardedPost('registrations/:registrationId/changes/:changeId/reject', 'reject a change application', 'registration')
  @bodyOf({ reason: REASON }, ['reason'])
  rejectChange(@Param() params: ChangeParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'reject-change', params, body);
  }

  @ForwardedPost('registrations/:registrationId/renewal/approve', 'approve a renewal (R-ORG-1)', 'registration')
  approveRenewal(@Param() params: RegistrationParams, @Caller() caller: ActionCall) {
    return this.act(caller, 'approve-renewal', params);
  }

  @ForwardedPost('registrations/:registrationId/renewal/reject', 'reject a renewal', 'registration')
  @bodyOf({ reason: REASON }, ['reason'])
  rejectRenewal(@Param() params: RegistrationParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'reject-renewal', params, body);
  }

  @ForwardedPost(
    'registrations/:registrationId/suspension/approve',
    "approve the organisation's own request to be suspended (R-ORG-1)",
    'registration',
  )
  approveSuspension(@Param() params: RegistrationParams, @Caller() caller: ActionCall) {
    return this.act(caller, 'approve-suspension', params);
  }

  @ForwardedPost('registrations/:registrationId/sanctions', 'suspend as a sanction, optionally until an instant (R-ORG-1)', 'registration')
  @bodyOf({ reason: REASON, until: { type: 'string', format: 'date-time' } }, ['reason'])
  sanction(@Param() params: RegistrationParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'suspend', params, body);
  }

  @ForwardedPost('registrations/:registrationId/resume', 'resume a suspended registration (R-ORG-1)', 'registration')
  resume(@Param() params: RegistrationParams, @Caller() caller: ActionCall) {
    return this.act(caller, 'resume', params);
  }

  @ForwardedPost('registrations/:registrationId/terminate', 'terminate a registration (R-ORG-1)', 'registration')
  @bodyOf({ reason: REASON }, ['reason'])
  terminate(@Param() params: RegistrationParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'terminate', params, body);
  }

  @ForwardedPost(
    'complaints/:complaintId/sanction-decision',
    "decide a complaint desk's sanction request (R-CMP-5): suspension until, termination or no action",
    'complaints',
  )
  @bodyOf({ decision: { enum: ['suspension', 'termination', 'no-action'] }, until: { type: 'string', format: 'date-time' } }, ['decision'])
  sanctionDecision(@Param() params: ComplaintParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'decide-complaint-sanction', { registrationId: '', complaintId: params.complaintId }, body);
  }

  @ForwardedPost(
    'complaints/:complaintId/desk-steps',
    "the desk of the escalation's office records a handling step (R-CMP-2; the note is sealed by complaints)",
    'complaints',
    { status: 204, allow: 'staff:complaint-desk' },
  )
  @bodyOf({ text: { type: 'string', minLength: 1, maxLength: 4000, description: 'the step (sealed by complaints, R-AUD-2)' } }, ['text'])
  deskStep(@Param() params: ComplaintParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'record-desk-step', { registrationId: '', complaintId: params.complaintId }, body);
  }

  @ForwardedPost(
    'complaints/:complaintId/desk-outcome',
    "the desk's outcome — resolved, advice-given, no-fault-found or sanction-requested (R-CMP-2, R-CMP-5)",
    'complaints',
    { status: 204, allow: 'staff:complaint-desk' },
  )
  @bodyOf(
    {
      outcome: { enum: ['resolved', 'advice-given', 'no-fault-found', 'sanction-requested'] },
      text: { type: 'string', minLength: 1, maxLength: 4000, description: 'the note (sealed by complaints, R-AUD-2)' },
    },
    ['outcome', 'text'],
  )
  deskOutcome(@Param() params: ComplaintParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'record-desk-outcome', { registrationId: '', complaintId: params.complaintId }, body);
  }

  @ForwardedPost('reports/:registrationId/:period/false', 'mark a filed report false (R-REP-3)', 'reporting', { status: 201 })
  @bodyOf({ reason: REASON }, ['reason'])
  markFalse(@Param() params: ReportParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'mark-report-false', params, body);
  }

  @ForwardedPost('reports/:registrationId/:period/sanction', 'decide the sanction of an overdue or false report (R-REP-3)', 'reporting', {
    status: 201,
  })
  @bodyOf({ decision: { enum: ['suspension', 'termination', 'none'] }, reason: REASON, malicious: { type: 'boolean' } }, [
    'decision',
    'reason',
  ])
  reportSanction(@Param() params: ReportParams, @Body() body: Record<string, unknown>, @Caller() caller: ActionCall) {
    return this.act(caller, 'decide-report-sanction', params, body);
  }
}
