import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, newId } from '@hw/platform/core';
import { Allow, CurrentPrincipal, TokenClaims } from '@hw/platform/nest';
import { ApplicationDetails, organisationUserPolicy, RegistrationCommand, RegistrationState } from '@hw/registration/domain';
import { IDENTITY_ACCOUNTS, IdentityAccounts } from '@hw/identity/contracts';
import {
  ApplicationDto,
  ApproveApplicationDto,
  ChangeDto,
  CreateUserDto,
  ListRegistrationsQueryDto,
  PaidServiceNotificationDto,
  ReasonDto,
  RenewalDto,
  SanctionDto,
} from './registration.dto';
import { actorOf, LiveRegistration, RegistrationsService } from './registrations.service';
import {
  ActivationCodeView,
  ApprovedRegistrationView,
  ComplaintOfficerView,
  ChangeRequestedView,
  PaidServiceFiledView,
  RegistrationCasesView,
  RegistrationView,
  SubmittedView,
} from './registration.views';

type Data<T extends RegistrationCommand['type']> = Omit<Extract<RegistrationCommand, { type: T }>['data'], 'registrationId' | 'at' | 'by'>;

const view = (s: LiveRegistration) => ({
  registrationId: s.registrationId,
  status: s.status,
  prefecture: s.prefecture,
  organisationId: s.application.organisationId,
  organisationName: s.application.organisationName,
  kind: s.application.kind,
  category: s.application.category,
  permitNumber: s.application.permitNumber,
  localGovernmentCode: s.application.localGovernmentCode,
  departments: s.application.departments,
  contractors: s.application.contractors,
  // R-ORG-7: the approved officers are the ones shown; a pending change is shown as pending.
  contactOfficer: s.application.contactOfficer,
  complaintOfficer: s.application.complaintOfficer,
  complaintOfficerVersion: s.complaintOfficerVersion,
  security: s.application.security,
  usagePeriodEndsAt: s.usagePeriodEndsAt,
  suspension: s.status === 'suspended' ? s.suspension : undefined,
  pendingChange: s.pendingChange,
  renewalRequested: s.renewalRequested,
  suspensionRequested: s.suspensionRequested,
  paidServiceNotifications: s.paidServiceNotifications,
});

/**
 * Organisations' registrations (R-ORG-1 … R-ORG-9). Applications are received and decided by
 * bureau officers of the prefecture of the organisation's main office (R-ORG-2); organisation
 * users request changes, renewal, suspension and file paid-service notifications under the one
 * registration of their token (R-ORG-6).
 */
@ApiTags('registrations')
@ApiBearerAuth()
@ApiResponse({ status: 404, description: 'REGISTRATION_NOT_FOUND (or, for an officer version, NO_SUCH_OFFICER_VERSION)' })
@ApiResponse({
  status: 409,
  description: 'the registration is not in a state that allows it (R-ORG-1: e.g. a change already pending), or a concurrent change: retry',
})
@ApiResponse({ status: 422, description: 'a rule refuses it (R-ORG-1…9): code and rule name which' })
@Controller('registrations')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    @Inject(IDENTITY_ACCOUNTS) private readonly identity: IdentityAccounts,
  ) {}

  @Post()
  @Allow('staff:bureau-officer')
  @ApiOperation({ summary: "receive an organisation's application (R-ORG-2: the bureau of its main office's prefecture)" })
  @ApiResponse({ status: 201, type: SubmittedView, description: '{ registrationId, status: submitted }' })
  async submit(@Body() body: ApplicationDto, @CurrentPrincipal() principal: TokenClaims) {
    const application: ApplicationDetails = {
      organisationId: newId(),
      organisationName: body.organisationName,
      kind: body.kind,
      category: body.category,
      ...(body.permitNumber !== undefined ? { permitNumber: body.permitNumber } : {}),
      ...(body.localGovernmentCode !== undefined ? { localGovernmentCode: body.localGovernmentCode } : {}),
      departments: body.departments.map((d) => ({ departmentId: newId(), ...d })),
      contractors: (body.contractors ?? []).map((c) => ({ contractorId: newId(), ...c })),
      contactOfficer: { ...body.contactOfficer },
      complaintOfficer: { ...body.complaintOfficer },
      security: { ...body.security },
    };
    const registrationId = await this.registrations.submit(application, principal);
    return { registrationId, status: 'submitted' };
  }

  @Get()
  @Allow('staff:bureau-officer', 'staff:hq-auditor')
  @ApiOperation({ summary: "the bureau's cases (own prefecture only, R-ORG-2); every case for the headquarters auditor" })
  @ApiResponse({
    status: 200,
    type: RegistrationCasesView,
    description: '{ items }: each registration as GET /registrations/{registrationId} answers it',
  })
  async list(@CurrentPrincipal() principal: TokenClaims, @Query() query: ListRegistrationsQueryDto) {
    return { items: await this.registrations.list(principal, query.status) };
  }

  @Get(':registrationId')
  @Allow('staff:bureau-officer', 'staff:hq-auditor', 'organisation-user')
  @ApiOperation({
    summary:
      'R-ORG-1/7: one registration — status, organisation, departments, contractors, approved officers, pending change — for its bureau (R-ORG-2), its own users (R-ORG-6) and the HQ auditor',
  })
  @ApiResponse({
    status: 200,
    type: RegistrationView,
    description:
      'the registration: status, prefecture, organisation, kind, category, permit number or local government code, departments, contractors, approved officers and complaintOfficerVersion, usage period, suspension, pending change',
  })
  async get(@Param('registrationId', ParseUUIDPipe) registrationId: string, @CurrentPrincipal() principal: TokenClaims) {
    return view(await this.registrations.read(registrationId, principal));
  }

  /**
   * R-ORG-7 / R-MSG-4: the complaint officer as approved at `version` (the integration events'
   * complaintOfficerVersion). Served to the seekers this registration has messaged (a thread in
   * `registration_messaged_threads`), the registration's own users (R-ORG-6), bureau officers of
   * its prefecture (R-ORG-2) and the HQ auditor (read-only nationwide, R-STF-1, who reads the whole
   * registration anyway) — nobody else (403): an officer's name and contact are not a directory.
   */
  @Get(':registrationId/complaint-officer/:version')
  @Allow('seeker', 'organisation-user', 'staff:bureau-officer', 'staff:hq-auditor')
  @ApiOperation({
    summary:
      "R-MSG-4 / R-ORG-7: the complaint officer approved at a version — for seekers the registration messaged, its own users, its bureau's officers, the HQ auditor",
  })
  @ApiResponse({
    status: 200,
    type: ComplaintOfficerView,
    description: '{ registrationId, version, name, department, phone, email }: the officer approved at that version',
  })
  async complaintOfficer(
    @Param('registrationId', ParseUUIDPipe) registrationId: string,
    @Param('version', ParseIntPipe) version: number,
    @CurrentPrincipal() principal: TokenClaims,
  ) {
    const state: RegistrationState =
      principal.kind === 'seeker'
        ? await this.registrations.loadForMessagedSeeker(registrationId, principal.sub)
        : await this.registrations.read(registrationId, principal);
    const officer = state.status === 'none' ? undefined : state.complaintOfficers[version];
    if (!officer)
      throw new DomainError(
        'NO_SUCH_OFFICER_VERSION',
        'no complaint officer was approved at this version',
        'R-ORG-7',
        'not-found',
        'version',
      );
    return { registrationId, version, ...officer };
  }

  @Post(':registrationId/approve')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({ summary: "approve (R-ORG-1); creates the applicant's admin user and returns its one-time activation code" })
  @ApiResponse({
    status: 200,
    type: ApprovedRegistrationView,
    description: 'the registration, and admin: { userId, login, activationCode }, the administrator’s one-time code',
  })
  async approve(
    @Param('registrationId', ParseUUIDPipe) id: string,
    @Body() body: ApproveApplicationDto,
    @CurrentPrincipal() p: TokenClaims,
  ) {
    const state = await this.run(
      'ApproveApplication',
      id,
      { usagePeriodYears: this.registrations.config.REGISTRATION_USAGE_PERIOD_YEARS },
      p,
    );
    const main = state.application.departments.find((d) => d.mainOffice) ?? state.application.departments[0];
    const admin = await this.createUserOf(id, main.departmentId, body.adminLogin, true);
    return { ...view(state), admin };
  }

  @Post(':registrationId/reject')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({ summary: 'R-ORG-1: the bureau rejects an application, with a reason' })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration, rejected' })
  async reject(@Param('registrationId', ParseUUIDPipe) id: string, @Body() body: ReasonDto, @CurrentPrincipal() p: TokenClaims) {
    return view(await this.run('RejectApplication', id, { reason: body.reason }, p));
  }

  @Post(':registrationId/changes')
  @Allow('organisation-user')
  @ApiOperation({ summary: 'change application: officers (R-ORG-7), contractors (R-ORG-5), departments/offices (R-ORG-3, R-ORG-4)' })
  @ApiResponse({
    status: 201,
    type: ChangeRequestedView,
    description: 'the change application is filed: { registrationId, changeId, status: requested }; the bureau decides it',
  })
  async requestChange(@Param('registrationId', ParseUUIDPipe) id: string, @Body() body: ChangeDto, @CurrentPrincipal() p: TokenClaims) {
    const changeId = newId();
    const change = {
      ...(body.contactOfficer ? { contactOfficer: { ...body.contactOfficer } } : {}),
      ...(body.complaintOfficer ? { complaintOfficer: { ...body.complaintOfficer } } : {}),
      ...(body.addContractors ? { addContractors: body.addContractors.map((c) => ({ contractorId: newId(), ...c })) } : {}),
      ...(body.removeContractorIds ? { removeContractorIds: body.removeContractorIds } : {}),
      ...(body.addDepartments ? { addDepartments: body.addDepartments.map((d) => ({ departmentId: newId(), ...d })) } : {}),
    };
    await this.run('RequestChange', id, { changeId, change }, p);
    return { registrationId: id, changeId, status: 'requested' };
  }

  @Post(':registrationId/changes/:changeId/approve')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({
    summary: 'R-ORG-5/7: the bureau approves a pending change application; approved officers are the ones shown from now on',
  })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration with the change applied' })
  async approveChange(
    @Param('registrationId', ParseUUIDPipe) id: string,
    @Param('changeId', ParseUUIDPipe) changeId: string,
    @CurrentPrincipal() p: TokenClaims,
  ) {
    return view(await this.run('ApproveChange', id, { changeId }, p));
  }

  @Post(':registrationId/changes/:changeId/reject')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({ summary: 'R-ORG-1: the bureau rejects a pending change application, with a reason (the registration stays active)' })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration, the change rejected' })
  async rejectChange(
    @Param('registrationId', ParseUUIDPipe) id: string,
    @Param('changeId', ParseUUIDPipe) changeId: string,
    @Body() body: ReasonDto,
    @CurrentPrincipal() p: TokenClaims,
  ) {
    return view(await this.run('RejectChange', id, { changeId, reason: body.reason }, p));
  }

  @Post(':registrationId/renewal')
  @HttpCode(200)
  @Allow('organisation-user')
  @ApiOperation({ summary: 'R-ORG-1: the organisation asks to renew its registration before its usage period ends' })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration, renewalRequested' })
  async requestRenewal(@Param('registrationId', ParseUUIDPipe) id: string, @Body() body: RenewalDto, @CurrentPrincipal() p: TokenClaims) {
    return view(await this.run('RequestRenewal', id, { security: { ...body.security } }, p));
  }

  @Post(':registrationId/renewal/approve')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({ summary: 'R-ORG-1: the bureau approves the renewal: a new usage period' })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration with its new usage period' })
  async approveRenewal(@Param('registrationId', ParseUUIDPipe) id: string, @CurrentPrincipal() p: TokenClaims) {
    return view(await this.run('ApproveRenewal', id, { usagePeriodYears: this.registrations.config.REGISTRATION_USAGE_PERIOD_YEARS }, p));
  }

  @Post(':registrationId/renewal/reject')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({ summary: 'R-ORG-1: the bureau rejects the renewal, with a reason' })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration, the renewal rejected' })
  async rejectRenewal(@Param('registrationId', ParseUUIDPipe) id: string, @Body() body: ReasonDto, @CurrentPrincipal() p: TokenClaims) {
    return view(await this.run('RejectRenewal', id, { reason: body.reason }, p));
  }

  @Post(':registrationId/suspension')
  @HttpCode(200)
  @Allow('organisation-user')
  @ApiOperation({ summary: "request suspension at the organisation's own request (decided by the bureau)" })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration, suspensionRequested' })
  async requestSuspension(@Param('registrationId', ParseUUIDPipe) id: string, @Body() body: ReasonDto, @CurrentPrincipal() p: TokenClaims) {
    return view(await this.run('RequestSuspension', id, { reason: body.reason }, p));
  }

  @Post(':registrationId/suspension/approve')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({ summary: "R-ORG-1: the bureau approves the organisation's own request for suspension" })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration, suspended' })
  async approveSuspension(@Param('registrationId', ParseUUIDPipe) id: string, @CurrentPrincipal() p: TokenClaims) {
    return view(await this.run('ApproveSuspension', id, {}, p));
  }

  @Post(':registrationId/sanctions')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({ summary: 'suspend as a sanction, optionally until a date (then it resumes by itself)' })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration, suspended (until the date, when given)' })
  async sanction(@Param('registrationId', ParseUUIDPipe) id: string, @Body() body: SanctionDto, @CurrentPrincipal() p: TokenClaims) {
    const until = body.until ? new Date(body.until).toISOString() : undefined;
    return view(await this.run('SuspendAsSanction', id, { reason: body.reason, ...(until ? { until } : {}) }, p));
  }

  @Post(':registrationId/resume')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({ summary: 'R-ORG-1: the bureau resumes a suspended registration' })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration, active again' })
  async resume(@Param('registrationId', ParseUUIDPipe) id: string, @CurrentPrincipal() p: TokenClaims) {
    return view(await this.run('Resume', id, {}, p));
  }

  @Post(':registrationId/terminate')
  @HttpCode(200)
  @Allow('staff:bureau-officer')
  @ApiOperation({ summary: 'R-ORG-1: the bureau terminates an active or suspended registration, with a reason' })
  @ApiResponse({ status: 200, type: RegistrationView, description: 'the registration, terminated' })
  async terminate(@Param('registrationId', ParseUUIDPipe) id: string, @Body() body: ReasonDto, @CurrentPrincipal() p: TokenClaims) {
    return view(await this.run('Terminate', id, { reason: body.reason }, p));
  }

  @Post(':registrationId/paid-service-notifications')
  @Allow('organisation-user')
  @ApiOperation({ summary: 'R-ORG-9: file a paid-service notification (kind of service, price)' })
  @ApiResponse({ status: 201, type: PaidServiceFiledView, description: '{ registrationId, notificationId }' })
  async filePaidService(
    @Param('registrationId', ParseUUIDPipe) id: string,
    @Body() body: PaidServiceNotificationDto,
    @CurrentPrincipal() p: TokenClaims,
  ) {
    const notificationId = newId();
    await this.run('FilePaidServiceNotification', id, { notificationId, kind: body.kind, price: body.price }, p);
    return { registrationId: id, notificationId };
  }

  @Post(':registrationId/users')
  @Allow('organisation-user')
  @ApiOperation({ summary: "the organisation's admin creates a user of one department; returns a one-time activation code" })
  @ApiResponse({
    status: 201,
    type: ActivationCodeView,
    description: '{ userId, login, activationCode }: the user’s one-time activation code',
  })
  async createUser(@Param('registrationId', ParseUUIDPipe) id: string, @Body() body: CreateUserDto, @CurrentPrincipal() p: TokenClaims) {
    if (p.kind !== 'organisation-user' || p.registrationId !== id || !(await this.identity.isAdmin(p.sub, id)))
      throw new ForbiddenException({
        code: 'NOT_REGISTRATION_ADMIN',
        message: "only the registration's admin user creates its users",
        rule: 'R-ORG-6',
      });
    return this.createUserOf(id, body.departmentId, body.login, body.admin ?? false, body.complaintOfficer ?? false);
  }

  /** R-ORG-1 / R-ORG-4: registration checks its registration and the unit; identity makes the credential (IDENTITY_ACCOUNTS). */
  private async createUserOf(registrationId: string, departmentId: string, login: string, isAdmin: boolean, complaintOfficer = false) {
    const state = organisationUserPolicy(await this.registrations.load(registrationId), departmentId);
    return this.identity.createOrganisationUser({
      registrationId,
      departmentId,
      organisationKind: state.application.kind,
      login,
      isAdmin,
      complaintOfficer,
    });
  }

  private run<T extends RegistrationCommand['type']>(type: T, registrationId: string, data: Data<T>, principal: TokenClaims) {
    const command = {
      type,
      data: { ...data, registrationId, at: this.registrations.now(), by: actorOf(principal) },
    } as RegistrationCommand;
    return this.registrations.execute(command, principal);
  }
}
