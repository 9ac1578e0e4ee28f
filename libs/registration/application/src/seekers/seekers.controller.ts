import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Clock, newId } from '@hw/platform/core';
import { EventLog, readState } from '@hw/platform/event-log';
import { Allow, CLOCK, CurrentPrincipal, EVENT_LOG, TokenClaims } from '@hw/platform/nest';
import {
  ageBandAt,
  AnonymisedProfile,
  SchoolStatus,
  SeekerCommand,
  seekerDecider,
  seekerErased,
  SeekerEvent,
  seekerNotRegistered,
  ownOfficePolicy,
  SeekerState,
  seekerStreamId,
} from '@hw/registration/domain';
import { PersonalDataErased, PersonalDataService } from '../personal-data/personal-data.service';
import { IDENTITY_ACCOUNTS, IdentityAccounts } from '@hw/identity/contracts';
import { issueSeekerCommand, seekerActorOf } from './seeker-actor';
import {
  SeekerActivityView,
  SeekerBlockedView,
  SeekerDisclosedView,
  SeekerDisclosureWithdrawnView,
  SeekerIdView,
  SeekerPersonalDataView,
  SeekerPlacedView,
  SeekerRegisteredView,
  SeekerScopeView,
  SeekerStateChangedView,
  SeekerStatusView,
  SeekerUnblockedView,
} from './seeker.views';
import {
  BlockDto,
  BlockParams,
  ChangePersonalDataDto,
  ChangeProfileDto,
  ChangeSchoolStatusDto,
  DiscloseDto,
  DisclosureParams,
  EraseSeekerDto,
  PersonalDataQueryDto,
  RegisterSeekerDto,
  ScopeDto,
  SchoolStatusDto,
} from './seeker.dto';

const toSchool = (dto: SchoolStatusDto): SchoolStatus =>
  dto.status === 'none'
    ? { status: 'none' }
    : dto.status === 'student'
      ? { status: 'student', schoolKind: dto.schoolKind as NonNullable<SchoolStatusDto['schoolKind']> }
      : {
          status: 'new-graduate',
          schoolKind: dto.schoolKind as NonNullable<SchoolStatusDto['schoolKind']>,
          graduationDate: dto.graduationDate as string,
        };

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const actorOf = seekerActorOf;

/**
 * Seekers: registered and changed by counter staff of their office (R-SKR-2), stopped by the
 * seeker (R-SKR-4), resumed at Hello Work, blocks by the seeker (R-SKR-6), personal data read by
 * staff only with the read recorded (R-STF-2), erased on a lawful request (R-AUD-2).
 */
@ApiTags('seekers')
@ApiBearerAuth()
@ApiResponse({ status: 404, description: 'SEEKER_NOT_REGISTERED: no seeker with this id' })
@ApiResponse({
  status: 409,
  description:
    'the seeker is not in a state that allows it (e.g. already stopped, not blocked, a job-seeker number already registered), or a concurrent change: retry',
})
@ApiResponse({ status: 422, description: 'a rule refuses it (R-SKR-1…6, R-STF-1, R-AUD-2): code and rule name which' })
@Controller('seekers')
export class SeekersController {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly personal: PersonalDataService,
    @Inject(IDENTITY_ACCOUNTS) private readonly identity: IdentityAccounts,
  ) {}

  @Post()
  @Allow('staff:counter')
  @ApiOperation({ summary: 'R-SKR-2: counter staff register a seeker (personal data sealed with the seeker’s own key)' })
  @ApiResponse({ status: 201, type: SeekerRegisteredView, description: '{ seekerId, eligible, ineligibleReason? }' })
  async register(@Body() body: RegisterSeekerDto, @CurrentPrincipal() principal: TokenClaims) {
    const officeCode = principal.kind === 'staff' ? principal.officeCode : undefined;
    if (!officeCode) throw new ForbiddenException('counter staff act at an office: the token names none');
    const seekerId = newId();
    const at = this.clock.now().toISOString();
    const personalData = plain(body.personalData);
    this.personal.createKey(seekerId, personalData.jobSeekerNumber, at);
    try {
      const profile: AnonymisedProfile = { ...plain(body.profile), ageBand: ageBandAt(personalData.birthDate, at) };
      const result = await issueSeekerCommand(
        this.log,
        {
          type: 'RegisterSeeker',
          data: {
            seekerId,
            at,
            by: actorOf(principal),
            officeCode,
            personalData: this.personal.seal(seekerId, personalData),
            appliedOn: body.appliedOn,
            school: toSchool(body.school),
            scope: body.scope,
            termsVersion: body.termsVersion,
            profile,
          },
        },
        principal,
      );
      const registered = result.events[0] as Extract<SeekerEvent, { type: 'SeekerRegistered' }>;
      return {
        seekerId,
        eligible: registered.data.eligible,
        ineligibleReason: registered.data.ineligibleReason,
        validUntil: registered.data.validUntil,
      };
    } catch (error) {
      // Nothing was registered: the key and the number reservation go too.
      this.personal.destroy(seekerId);
      throw error;
    }
  }

  @Get(':seekerId')
  @Allow('seeker', 'staff:counter', 'staff:complaint-desk', 'staff:hq-auditor')
  @ApiOperation({
    summary: 'Status, scope and eligibility (no personal data): the seeker, staff of the seeker’s office, the HQ auditor (R-STF-1)',
  })
  @ApiResponse({
    status: 200,
    type: SeekerStatusView,
    description:
      '{ seekerId, status, scope, termsVersion, eligible, ineligibleReason?, validUntil, profile, blockedRegistrationIds, disclosures } — no personal data; { seekerId, status: erased } once erased',
  })
  async status(@Param('seekerId', ParseUUIDPipe) seekerId: string, @CurrentPrincipal() principal: TokenClaims) {
    this.onlySelf(principal, seekerId);
    const state = await this.state(seekerId);
    if (state.status === 'unregistered') throw seekerNotRegistered();
    // R-STF-1: counter and desk staff read only the seekers of their own office (the auditor nationwide).
    ownOfficePolicy(actorOf(principal), state);
    if (state.status === 'erased') return { seekerId, status: 'erased' };
    return {
      seekerId,
      status: state.status,
      scope: state.scope,
      termsVersion: state.termsVersion,
      eligible: state.eligibility.eligible,
      ineligibleReason: state.eligibility.eligible ? undefined : state.eligibility.reason,
      validUntil: state.validUntil,
      profile: state.profile,
      blockedRegistrationIds: state.blockedRegistrationIds,
      disclosures: state.disclosures,
    };
  }

  @Patch(':seekerId/profile')
  @Allow('staff:counter')
  @ApiOperation({ summary: 'R-SKR-2: staff change the anonymised profile' })
  @ApiResponse({ status: 200, type: SeekerIdView, description: '{ seekerId }: the profile is changed (search follows within a moment)' })
  async changeProfile(
    @Param('seekerId', ParseUUIDPipe) seekerId: string,
    @Body() body: ChangeProfileDto,
    @CurrentPrincipal() principal: TokenClaims,
  ) {
    const state = await this.state(seekerId);
    const ageBand = state.status === 'active' || state.status === 'stopped' ? state.profile.ageBand : undefined;
    await this.command(seekerId, 'ChangeProfile', { profile: { ...plain(body.profile), ...(ageBand ? { ageBand } : {}) } }, principal);
    return { seekerId };
  }

  @Put(':seekerId/scope')
  @Allow('staff:counter')
  @ApiOperation({ summary: 'R-SKR-2: staff change the provision scope, with the agreed terms version' })
  @ApiResponse({ status: 200, type: SeekerScopeView, description: '{ seekerId, scope }: the scope now in force' })
  async changeScope(
    @Param('seekerId', ParseUUIDPipe) seekerId: string,
    @Body() body: ScopeDto,
    @CurrentPrincipal() principal: TokenClaims,
  ) {
    await this.command(seekerId, 'ChangeScope', { scope: body.scope, termsVersion: body.termsVersion }, principal);
    return { seekerId, scope: [...new Set(body.scope)] };
  }

  @Put(':seekerId/school')
  @Allow('staff:counter')
  @ApiOperation({ summary: 'R-SKR-1: staff record a change of school status; eligibility is re-decided' })
  @ApiResponse({
    status: 200,
    type: SeekerStatusView,
    description: 'the seeker’s status as GET /seekers/{seekerId} answers it, eligibility re-decided',
  })
  async changeSchool(
    @Param('seekerId', ParseUUIDPipe) seekerId: string,
    @Body() body: ChangeSchoolStatusDto,
    @CurrentPrincipal() principal: TokenClaims,
  ) {
    await this.command(seekerId, 'ChangeSchoolStatus', { school: toSchool(body.school) }, principal);
    return this.status(seekerId, principal);
  }

  @Put(':seekerId/personal-data')
  @Allow('staff:counter')
  @ApiOperation({ summary: 'Staff correct personal data (sealed again with the seeker’s key)' })
  @ApiResponse({ status: 200, type: SeekerIdView, description: '{ seekerId }: sealed again under the seeker’s key' })
  async changePersonalData(
    @Param('seekerId', ParseUUIDPipe) seekerId: string,
    @Body() body: ChangePersonalDataDto,
    @CurrentPrincipal() principal: TokenClaims,
  ) {
    const state = await this.state(seekerId);
    if (state.status === 'erased') throw seekerErased();
    // R-STF-1 before anything moves: another office must not renumber the seeker's reservation.
    if (state.status !== 'unregistered') ownOfficePolicy(actorOf(principal), state);
    const personalData = plain(body.personalData);
    const at = this.clock.now().toISOString();
    const current = await this.currentPersonalData(seekerId);
    if (current && current.jobSeekerNumber !== personalData.jobSeekerNumber) this.personal.renumber(seekerId, personalData.jobSeekerNumber);
    await this.command(
      seekerId,
      'ChangePersonalData',
      { personalData: this.personal.seal(seekerId, personalData), ageBand: ageBandAt(personalData.birthDate, at) },
      principal,
      at,
    );
    return { seekerId };
  }

  /** R-SKR-4: effective at once — the append has committed when this returns. */
  @Post(':seekerId/stop')
  @HttpCode(200)
  @Allow('seeker')
  @ApiOperation({ summary: 'R-SKR-4: the seeker stops use, effective at once' })
  @ApiResponse({ status: 200, type: SeekerStateChangedView, description: '{ seekerId, status: stopped }: effective at once' })
  async stop(@Param('seekerId', ParseUUIDPipe) seekerId: string, @CurrentPrincipal() principal: TokenClaims) {
    if (principal.sub !== seekerId) throw new ForbiddenException('a seeker may stop only their own use');
    await this.command(seekerId, 'StopUse', {}, principal);
    return { seekerId, status: 'stopped' };
  }

  @Post(':seekerId/resume')
  @HttpCode(200)
  @Allow('staff:counter')
  @ApiOperation({ summary: 'R-SKR-4: resuming is done at Hello Work' })
  @ApiResponse({ status: 200, type: SeekerStateChangedView, description: '{ seekerId, status: active }' })
  async resume(@Param('seekerId', ParseUUIDPipe) seekerId: string, @CurrentPrincipal() principal: TokenClaims) {
    await this.command(seekerId, 'ResumeUse', {}, principal);
    return { seekerId, status: 'active' };
  }

  @Post(':seekerId/activity')
  @HttpCode(200)
  @Allow('staff:counter')
  @ApiOperation({ summary: 'R-SKR-3: activity in the application’s last month extends it by one month' })
  @ApiResponse({ status: 200, type: SeekerActivityView, description: '{ seekerId, extended, validUntil? }' })
  async activity(@Param('seekerId', ParseUUIDPipe) seekerId: string, @CurrentPrincipal() principal: TokenClaims) {
    const { events } = await this.command(seekerId, 'RecordActivity', {}, principal);
    const extended = events.find((e) => e.type === 'SeekerApplicationExtended');
    return { seekerId, extended: Boolean(extended), ...(extended ? { validUntil: extended.data.validUntil } : {}) };
  }

  @Post(':seekerId/placement')
  @HttpCode(200)
  @Allow('staff:counter')
  @ApiOperation({ summary: 'R-SKR-3: placement makes the application invalid' })
  @ApiResponse({ status: 200, type: SeekerPlacedView, description: '{ seekerId, eligible: false, ineligibleReason: PLACED }' })
  async placement(@Param('seekerId', ParseUUIDPipe) seekerId: string, @CurrentPrincipal() principal: TokenClaims) {
    await this.command(seekerId, 'RecordPlacement', {}, principal);
    return { seekerId, eligible: false, ineligibleReason: 'PLACED' };
  }

  @Post(':seekerId/blocks')
  @HttpCode(200)
  @Allow('seeker')
  @ApiOperation({ summary: 'R-SKR-6: the seeker blocks an organisation’s registration' })
  @ApiResponse({ status: 200, type: SeekerBlockedView, description: '{ seekerId, blocked: registrationId }' })
  async block(@Param('seekerId', ParseUUIDPipe) seekerId: string, @Body() body: BlockDto, @CurrentPrincipal() principal: TokenClaims) {
    this.onlySelf(principal, seekerId, true);
    await this.command(seekerId, 'BlockRegistration', { registrationId: body.registrationId }, principal);
    return { seekerId, blocked: body.registrationId };
  }

  @Delete(':seekerId/blocks/:registrationId')
  @Allow('seeker')
  @ApiOperation({ summary: 'R-SKR-6: the seeker lifts a block' })
  @ApiResponse({ status: 200, type: SeekerUnblockedView, description: '{ seekerId, unblocked: registrationId }' })
  async unblock(@Param() params: BlockParams, @CurrentPrincipal() principal: TokenClaims) {
    const { seekerId } = params;
    this.onlySelf(principal, seekerId, true);
    await this.command(seekerId, 'UnblockRegistration', { registrationId: params.registrationId }, principal);
    return { seekerId, unblocked: params.registrationId };
  }

  /** R-SKR-5: the seeker discloses chosen identity/contact fields to one organisation's registration (names recorded, values stay sealed). */
  @Post(':seekerId/disclosures')
  @Allow('seeker')
  @ApiOperation({
    summary: 'R-SKR-5: the seeker discloses identity/contact fields to one registration; only it may then read them (each read recorded)',
  })
  @ApiResponse({ status: 201, type: SeekerDisclosedView, description: '{ seekerId, registrationId, fields }' })
  async disclose(
    @Param('seekerId', ParseUUIDPipe) seekerId: string,
    @Body() body: DiscloseDto,
    @CurrentPrincipal() principal: TokenClaims,
  ) {
    this.onlySelf(principal, seekerId, true);
    const { events } = await this.command(
      seekerId,
      'DiscloseIdentity',
      { registrationId: body.registrationId, fields: body.fields },
      principal,
    );
    const disclosed = events.find((e) => e.type === 'SeekerDisclosedIdentity') as Extract<SeekerEvent, { type: 'SeekerDisclosedIdentity' }>;
    return { seekerId, registrationId: disclosed.data.registrationId, fields: disclosed.data.fields };
  }

  @Delete(':seekerId/disclosures/:registrationId')
  @Allow('seeker')
  @ApiOperation({ summary: 'R-SKR-5: the seeker withdraws a disclosure; the registration reads nothing more' })
  @ApiResponse({ status: 200, type: SeekerDisclosureWithdrawnView, description: '{ seekerId, withdrawn: registrationId }' })
  async withdrawDisclosure(@Param() params: DisclosureParams, @CurrentPrincipal() principal: TokenClaims) {
    this.onlySelf(principal, params.seekerId, true);
    await this.command(params.seekerId, 'WithdrawDisclosure', { registrationId: params.registrationId }, principal);
    return { seekerId: params.seekerId, withdrawn: params.registrationId };
  }

  /** R-STF-2: staff reads are recorded (who, when, which seeker, why, route) before the data is returned. */
  @Get(':seekerId/personal-data')
  @Allow('seeker', 'staff:counter', 'staff:complaint-desk', 'staff:hq-auditor')
  @ApiOperation({
    summary: 'Decrypted personal data: the seeker themselves, or staff with a stated purpose (the read is recorded, R-STF-2)',
  })
  @ApiResponse({
    status: 200,
    type: SeekerPersonalDataView,
    description: '{ seekerId, personalData }: the decrypted personal data; the read is recorded first (R-STF-2)',
  })
  async personalData(
    @Param('seekerId', ParseUUIDPipe) seekerId: string,
    @Query() query: PersonalDataQueryDto,
    @CurrentPrincipal() principal: TokenClaims,
  ) {
    this.onlySelf(principal, seekerId);
    if (principal.kind === 'staff') {
      if (!query.purpose)
        throw new BadRequestException({
          code: 'VALIDATION_FAILED',
          message: 'purpose: staff state why personal data is read (R-STF-2)',
          field: 'purpose',
          rule: 'R-STF-2',
        });
      await this.command(
        seekerId,
        'RecordPersonalDataRead',
        { reader: actorOf(principal), purpose: query.purpose, route: 'GET /seekers/:seekerId/personal-data' },
        principal,
      );
    } else {
      // R-STF-2: the seeker's own session is recorded too — a session may have been opened with a
      // code staff issued, so no path to the data passes unrecorded (decider: erased, unregistered).
      await this.command(seekerId, 'RecordOwnPersonalDataRead', { route: 'GET /seekers/:seekerId/personal-data' }, principal);
    }
    const data = await this.currentPersonalData(seekerId);
    if (!data) throw new PersonalDataErased();
    return { seekerId, personalData: data };
  }

  /** R-AUD-2: the key is destroyed first (the data is unreadable from that moment), then the erasure is recorded. */
  @Post(':seekerId/erasure')
  @HttpCode(200)
  @Allow('staff:counter')
  @ApiOperation({ summary: 'R-AUD-2: erase the seeker’s personal data on a lawful request (crypto-shredding)' })
  @ApiResponse({
    status: 200,
    type: SeekerStateChangedView,
    description: '{ seekerId, status: erased }: the key is destroyed, the erasure recorded',
  })
  async erase(
    @Param('seekerId', ParseUUIDPipe) seekerId: string,
    @Body() body: EraseSeekerDto,
    @CurrentPrincipal() principal: TokenClaims,
  ) {
    const state = await this.state(seekerId);
    if (state.status === 'unregistered') throw seekerNotRegistered();
    if (state.status === 'erased') throw seekerErased();
    // The rules (own office) are checked before anything is destroyed.
    seekerDecider.decide(
      {
        type: 'EraseSeeker',
        data: { seekerId, at: this.clock.now().toISOString(), by: actorOf(principal), requestReference: body.requestReference },
      },
      state,
    );
    this.personal.destroy(seekerId);
    await this.command(seekerId, 'EraseSeeker', { requestReference: body.requestReference }, principal);
    await this.identity.forgetSeeker(seekerId); // R-AUD-2: no credential of an erased seeker remains (login, activation code)
    return { seekerId, status: 'erased' };
  }

  private onlySelf(principal: TokenClaims, seekerId: string, seekersOnly = false): void {
    if (principal.kind === 'seeker' && principal.sub !== seekerId)
      throw new ForbiddenException('a seeker acts only on their own registration');
    if (seekersOnly && principal.kind !== 'seeker') throw new ForbiddenException('only the seeker may do this');
  }

  private async state(seekerId: string): Promise<SeekerState> {
    return (await readState(this.log, seekerDecider, seekerStreamId(seekerId))).state;
  }

  /** The latest sealed personal data of the stream, opened — undefined once the key is destroyed. */
  private async currentPersonalData(seekerId: string) {
    const events = await this.log.readStream(seekerStreamId(seekerId));
    let sealed: string | undefined;
    for (const e of events) {
      if (e.type === 'SeekerRegistered' || e.type === 'SeekerPersonalDataChanged')
        sealed = (e.data as { personalData: string }).personalData;
    }
    return sealed ? this.personal.open(seekerId, sealed) : undefined;
  }

  private command<T extends SeekerCommand['type']>(
    seekerId: string,
    type: T,
    data: Omit<Extract<SeekerCommand, { type: T }>['data'], 'seekerId' | 'at' | 'by'>,
    principal: TokenClaims,
    at = this.clock.now().toISOString(),
  ) {
    return issueSeekerCommand(this.log, { type, data: { ...data, seekerId, at, by: actorOf(principal) } } as SeekerCommand, principal);
  }
}
