import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Clock, EventMetadata, newId } from '@hw/platform/core';
import { EventLog, handleCommand } from '@hw/platform/event-log';
import { Allow, CLOCK, CurrentPrincipal, EVENT_LOG, TokenClaims } from '@hw/platform/nest';
import { ProvisionScope, SeekerCommand, seekerDecider, SeekerNotRegistered, seekerStreamId } from '@hw/registration/domain';

const SCOPES: ProvisionScope[] = ['private-agencies', 'local-governments'];

export class AnonymisedProfileDto {
  @IsArray()
  @ArrayMinSize(1, { context: { rule: 'R-SKR-5' } })
  @ArrayMaxSize(10)
  @Matches(/^\d{2,6}$/, { each: true, message: 'each desired occupation is an MHLW occupation code (digits)', context: { rule: 'R-SKR-5' } })
  desiredOccupations!: string[];

  @IsArray()
  @ArrayMinSize(1, { context: { rule: 'R-SKR-5' } })
  @ArrayMaxSize(47)
  @Matches(/^(0[1-9]|[1-3]\d|4[0-7])$/, { each: true, message: 'each desired prefecture is a code 01–47', context: { rule: 'R-SKR-5' } })
  desiredPrefectures!: string[];

  @IsIn(['full-time', 'part-time', 'contract', 'any'], { context: { rule: 'R-SKR-5' } })
  employmentType!: 'full-time' | 'part-time' | 'contract' | 'any';
}

export class RegisterSeekerDto {
  @IsArray()
  @ArrayMinSize(1, { message: 'scope must name private-agencies, local-governments, or both', context: { rule: 'R-SKR-2' } })
  @IsIn(SCOPES, { each: true, context: { rule: 'R-SKR-2' } })
  scope!: ProvisionScope[];

  @IsString()
  @MaxLength(32)
  @Matches(/^\d{4}-\d{2}$/, { message: 'termsVersion is the agreed terms version, yyyy-mm', context: { rule: 'R-SKR-2' } })
  termsVersion!: string;

  @ValidateNested()
  @Type(() => AnonymisedProfileDto)
  profile!: AnonymisedProfileDto;
}

/** Seekers' consent: registered by counter staff (R-SKR-2), stopped by the seeker (R-SKR-4). */
@ApiTags('seekers')
@ApiBearerAuth()
@Controller('seekers')
export class SeekersController {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Allow('staff:counter')
  async register(@Body() body: RegisterSeekerDto, @CurrentPrincipal() principal: TokenClaims): Promise<{ seekerId: string }> {
    const seekerId = newId();
    const at = this.clock.now().toISOString();
    await this.execute(seekerId, { type: 'RegisterSeeker', data: { seekerId, ...body, at } }, principal);
    return { seekerId };
  }

  /** R-SKR-4: effective at once — the append has committed when this returns. */
  @Post(':seekerId/stop')
  @HttpCode(200)
  @Allow('seeker')
  async stop(@Param('seekerId', ParseUUIDPipe) seekerId: string, @CurrentPrincipal() principal: TokenClaims) {
    if (principal.sub !== seekerId) throw new ForbiddenException('a seeker may stop only their own use');
    await this.execute(seekerId, { type: 'StopUse', data: { seekerId, at: this.clock.now().toISOString() } }, principal);
    return { seekerId, status: 'stopped' };
  }

  @Post(':seekerId/resume')
  @HttpCode(200)
  @Allow('staff:counter')
  async resume(@Param('seekerId', ParseUUIDPipe) seekerId: string, @CurrentPrincipal() principal: TokenClaims) {
    await this.execute(seekerId, { type: 'ResumeUse', data: { seekerId, at: this.clock.now().toISOString() } }, principal);
    return { seekerId, status: 'active' };
  }

  @Get(':seekerId')
  @Allow('seeker', 'staff:counter', 'staff:hq-auditor')
  async status(@Param('seekerId', ParseUUIDPipe) seekerId: string, @CurrentPrincipal() principal: TokenClaims) {
    if (principal.kind === 'seeker' && principal.sub !== seekerId) throw new ForbiddenException('a seeker sees only their own registration');
    const events = await this.log.readStream(seekerStreamId(seekerId));
    const state = events.reduce((s, e) => seekerDecider.evolve(s, e as never), seekerDecider.initialState());
    if (state.status === 'unregistered') throw new SeekerNotRegistered();
    return { seekerId, status: state.status, scope: state.scope };
  }

  private async execute(seekerId: string, command: SeekerCommand, principal: TokenClaims): Promise<void> {
    const metadata: EventMetadata = {
      correlationId: newId(),
      principal: { kind: principal.kind, id: principal.sub },
      occurredAt: this.clock.now().toISOString(),
    };
    await handleCommand(this.log, seekerDecider, seekerStreamId(seekerId), command, metadata);
  }
}
