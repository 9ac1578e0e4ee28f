import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Clock, DomainError, isRefusal } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { Allow, CLOCK, CONFIG, CurrentPrincipal, EVENT_LOG, PlatformConfig, TokenClaims } from '@hw/platform/nest';
import { resolveSeekerReference } from '@hw/matching/contracts';
import { DisclosableField, SeekerCommand, SeekerEvent, seekerStreamId } from '@hw/registration/domain';
import { PersonalDataService } from '../personal-data/personal-data.service';
import { SeekerRefParams } from '../seekers/seeker.dto';
import { issueSeekerCommand } from '../seekers/seeker-actor';
import { DisclosureReadView } from '../seekers/seeker.views';

/**
 * One answer for a reference that is not this registration's, a seeker that does not exist and
 * a seeker whose data was erased (R-AUD-2): the organisation learns nothing from the difference.
 */
export class DisclosureNotFound extends DomainError {
  constructor() {
    super('NOT_FOUND', 'no disclosure under this reference', 'R-SKR-5', 'not-found');
  }
}

/**
 * R-SKR-5: an organisation user reads what a seeker disclosed to the user's registration. The
 * seeker is addressed by the pseudonymous reference the registration was shown (never the
 * seeker id, which is not returned either). The read is recorded in the seeker's stream before
 * anything is decrypted, and only the disclosed fields are opened.
 */
@ApiTags('disclosures')
@ApiBearerAuth()
@Controller('disclosures')
export class DisclosuresController {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: PlatformConfig,
    private readonly personal: PersonalDataService,
  ) {}

  @Get(':seekerRef')
  @Allow('organisation-user')
  @ApiOperation({
    summary: 'R-SKR-5: the identity/contact a seeker disclosed to your registration (only the disclosed fields; every read is recorded)',
  })
  @ApiResponse({
    status: 200,
    type: DisclosureReadView,
    description: '{ seekerRef, fields, personalData: { <disclosed fields only> }, readAt }',
  })
  @ApiResponse({ status: 403, description: 'NOT_DISCLOSED (R-SKR-5): no current disclosure to your registration' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such reference for your registration, or the data was erased (R-AUD-2)' })
  async read(@Param() params: SeekerRefParams, @CurrentPrincipal() principal: TokenClaims) {
    if (principal.kind !== 'organisation-user') throw new DisclosureNotFound(); // @Allow already refused others
    const seekerId = resolveSeekerReference(this.config.seekerReferenceSecret, principal.registrationId, params.seekerRef);
    if (!seekerId) throw new DisclosureNotFound();

    // The read is recorded first (R-SKR-5): refused unless a current disclosure to this registration exists.
    const at = this.clock.now().toISOString();
    const command: SeekerCommand = {
      type: 'RecordDisclosedRead',
      data: {
        seekerId,
        at,
        by: { kind: 'organisation-user', id: principal.sub },
        registrationId: principal.registrationId,
        userId: principal.sub,
        departmentId: principal.departmentId,
      },
    };
    let fields: DisclosableField[];
    try {
      const { events } = await issueSeekerCommand(this.log, command, principal);
      fields = (events.find((e) => e.type === 'DisclosedIdentityRead') as Extract<SeekerEvent, { type: 'DisclosedIdentityRead' }>).data
        .fields;
    } catch (error) {
      if (isRefusal(error, 'SEEKER_NOT_REGISTERED') || isRefusal(error, 'SEEKER_ERASED')) throw new DisclosureNotFound();
      throw error;
    }

    // Then only the disclosed fields are opened; a key destroyed meanwhile (R-AUD-2) leaves nothing to return.
    const sealed = await this.latestSealed(seekerId);
    const personalData = sealed ? this.personal.openFields(seekerId, sealed, fields) : undefined;
    if (!personalData) throw new DisclosureNotFound();
    return { seekerRef: params.seekerRef, fields, personalData, readAt: at };
  }

  private async latestSealed(seekerId: string): Promise<string | undefined> {
    let sealed: string | undefined;
    for (const e of await this.log.readStream(seekerStreamId(seekerId))) {
      if (e.type === 'SeekerRegistered' || e.type === 'SeekerPersonalDataChanged')
        sealed = (e.data as { personalData: string }).personalData;
    }
    return sealed;
  }
}
