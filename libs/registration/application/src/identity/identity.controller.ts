import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Allow, CurrentPrincipal, Public, TokenClaims } from '@hw/platform/nest';
import { IdentityService } from './identity.service';

export class LoginDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) login!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password!: string;
}

export class ActivateDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) login!: string;
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Z0-9]{10}$/, { message: 'activationCode is the 10-character one-time code' })
  activationCode!: string;
  @ApiProperty({ description: 'at least 12 characters' })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(200)
  password!: string;
}

export class IssueActivationDto {
  @ApiProperty({ description: 'why staff issue (or reissue) the code — recorded on the seeker’s stream (R-STF-2)' })
  @IsString()
  @MinLength(1, { context: { rule: 'R-STF-2' } })
  @MaxLength(500)
  reason!: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) oldPassword!: string;
  @ApiProperty({ description: 'at least 12 characters' })
  @IsString()
  @MinLength(12, { message: 'newPassword must be at least 12 characters' })
  @MaxLength(200)
  newPassword!: string;
}

/**
 * The one identity model: login for every kind of principal, activation of a seeker's or an
 * organisation user's credential. Login and activation are the only public routes besides
 * /health and /docs: they are how a caller gets a token in the first place.
 */
@ApiTags('identity')
@Controller('identity')
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary:
      'password login; returns a bearer token stating kind, id and (organisation user) registration + department or (staff) role, office, prefecture',
  })
  login(@Body() body: LoginDto, @Req() request: { ip?: string; socket?: { remoteAddress?: string } }) {
    return this.identity.login(body.login, body.password, request.ip ?? request.socket?.remoteAddress ?? 'unknown');
  }

  @Post('activate')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'an organisation user sets its password with the one-time activation code' })
  async activate(@Body() body: ActivateDto): Promise<void> {
    await this.identity.activate(body.login, body.activationCode, body.password, 'organisation-user');
  }

  @Post('password')
  @HttpCode(204)
  // Every principal, the read-only auditor too: its own credential is not case data.
  @Allow('seeker', 'organisation-user', 'staff:counter', 'staff:complaint-desk', 'staff:bureau-officer', 'staff:hq-auditor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'any principal changes its own password; the old password is required (wrong ones are throttled like logins)' })
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentPrincipal() principal: TokenClaims,
    @Req() request: { ip?: string; socket?: { remoteAddress?: string } },
  ): Promise<void> {
    await this.identity.changePassword(
      principal,
      body.oldPassword,
      body.newPassword,
      request.ip ?? request.socket?.remoteAddress ?? 'unknown',
    );
  }

  @Post('seekers/:seekerId/activation')
  @Allow('staff:counter')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "counter staff of the seeker's office issue (or reissue) a registered seeker's login and one-time activation code, with a reason (R-SKR-2, R-STF-1); recorded on the seeker's stream (R-STF-2); the old password works until the new code is used",
  })
  seekerActivation(
    @Param('seekerId', ParseUUIDPipe) seekerId: string,
    @Body() body: IssueActivationDto,
    @CurrentPrincipal() principal: TokenClaims,
  ) {
    return this.identity.issueSeekerActivation(seekerId, body.reason, principal);
  }

  @Post('seekers/activate')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'a seeker sets their own password with the one-time activation code' })
  async seekerActivate(@Body() body: ActivateDto): Promise<void> {
    await this.identity.activate(body.login, body.activationCode, body.password, 'seeker');
  }
}
