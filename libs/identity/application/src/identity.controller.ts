import {
  applyDecorators,
  Body,
  Controller,
  createParamDecorator,
  ExecutionContext,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiResponseOptions,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Allow, CurrentPrincipal, Public, Refusal, TokenClaims } from '@hw/platform/nest';
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

class PrincipalClaimsView {
  @ApiProperty({ enum: ['seeker', 'organisation-user', 'staff'] }) kind!: string;
  @ApiProperty({ description: 'seeker id, organisation user id or staff id' }) sub!: string;
  @ApiPropertyOptional() registrationId?: string;
  @ApiPropertyOptional() departmentId?: string;
  @ApiPropertyOptional({ enum: ['private-paid', 'private-free', 'local-government'] }) organisationKind?: string;
  @ApiPropertyOptional({ description: 'R-CMP-1' }) complaintOfficer?: boolean;
  @ApiPropertyOptional({ description: 'R-REP-1: the registration’s administrator' }) admin?: boolean;
  @ApiPropertyOptional({ enum: ['counter', 'complaint-desk', 'bureau-officer', 'hq-auditor'] }) role?: string;
  @ApiPropertyOptional() officeCode?: string;
  @ApiPropertyOptional() prefecture?: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'bearer token (HS256), verified by every service without a call' }) token!: string;
  @ApiProperty({ example: 3600 }) expiresIn!: number;
  @ApiProperty({ type: PrincipalClaimsView }) claims!: PrincipalClaimsView;
}

export class SeekerActivationResponse {
  @ApiProperty({ description: 'the seeker’s login (kept on a reissue)' }) login!: string;
  @ApiProperty({ description: 'the one-time code, shown once, to hand to the seeker' }) activationCode!: string;
  @ApiProperty({ description: 'the code stops working at this instant (7 days)' }) expiresAt!: string;
}

const refusal = (status: number, description: string): ApiResponseOptions => ({ status, description, type: Refusal });
const INVALID_BODY = refusal(400, 'VALIDATION_FAILED: a field is missing, too long, or not of its form (violations list each)');
const CONFLICT = refusal(409, 'WRONG_EXPECTED_REVISION: a concurrent change of the same credential won every retry; send again');
const NO_TOKEN = refusal(401, 'UNAUTHENTICATED: no bearer token, or an invalid or expired one');
const THROTTLED = refusal(
  429,
  'LOGIN_THROTTLED: too many failed attempts for this account from this address (3 free) or from every address (20 free); retryAfterSeconds says how long',
);
/** What the platform's HTTP edge answers any route with a body (createHttpApp, hygiene.ts). */
const TOO_LARGE = refusal(413, 'the body is over 1 MiB (INPUT-SIZE)');
const NOT_JSON = refusal(415, 'the body is not UTF-8 application/json (INPUT-CHARSET)');
const INVALID_ACTIVATION = refusal(401, 'INVALID_ACTIVATION (R-SKR-2): unknown login, or a wrong, used or expired code');

/** The routes that check a password (login, password change): throttled like each other, with a body. */
const PasswordChecked = () =>
  applyDecorators(ApiResponse(INVALID_BODY), ApiResponse(CONFLICT), ApiResponse(THROTTLED), ApiResponse(TOO_LARGE), ApiResponse(NOT_JSON));

/** The two activation routes (organisation user, seeker): public, and answering alike. */
const ActivationRoute = (summary: string, done: string) =>
  applyDecorators(
    HttpCode(204),
    Public(),
    ApiOperation({ summary }),
    ApiBody({ type: ActivateDto }),
    ApiResponse({ status: 204, description: done }),
    ApiResponse(INVALID_BODY),
    ApiResponse(INVALID_ACTIVATION),
    ApiResponse(CONFLICT),
    ApiResponse(TOO_LARGE),
    ApiResponse(NOT_JSON),
  );

/** The caller's address: what the login throttle counts failed attempts by (login-throttle.ts). */
const ClientAddress = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<{ ip?: string; socket?: { remoteAddress?: string } }>();
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
});

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
  @ApiBody({ type: LoginDto })
  @ApiResponse({ status: 200, description: 'signed in', type: LoginResponse })
  @PasswordChecked()
  @ApiResponse(refusal(401, 'INVALID_CREDENTIALS: unknown login or wrong password (alike, in the same time)'))
  @ApiResponse(refusal(404, "REGISTRATION_NOT_FOUND (R-ORG-1): an organisation user's registration is not in the log"))
  @ApiResponse(refusal(422, 'REGISTRATION_NOT_ACTIVE (R-ORG-1): the registration is terminated or expired (a suspended one signs in)'))
  login(@Body() body: LoginDto, @ClientAddress() address: string) {
    return this.identity.login(body.login, body.password, address);
  }

  @Post('activate')
  @ActivationRoute('an organisation user sets its password with the one-time activation code', 'the password is set; the code is spent')
  async activate(@Body() body: ActivateDto): Promise<void> {
    await this.identity.activate(body.login, body.activationCode, body.password, 'organisation-user');
  }

  @Post('password')
  @HttpCode(204)
  // Every principal, the read-only auditor too: its own credential is not case data.
  @Allow('seeker', 'organisation-user', 'staff:counter', 'staff:complaint-desk', 'staff:bureau-officer', 'staff:hq-auditor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'any principal changes its own password; the old password is required (wrong ones are throttled like logins)' })
  @ApiBody({ type: ChangePasswordDto })
  @ApiResponse({ status: 204, description: 'changed; the old password no longer works' })
  @PasswordChecked()
  @ApiResponse(refusal(401, 'UNAUTHENTICATED: no valid token · INVALID_CREDENTIALS: the old password is wrong'))
  @ApiResponse(refusal(422, 'PASSWORD_UNCHANGED: the new password is the old one'))
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentPrincipal() principal: TokenClaims,
    @ClientAddress() address: string,
  ): Promise<void> {
    await this.identity.changePassword(principal, body.oldPassword, body.newPassword, address);
  }

  @Post('seekers/:seekerId/activation')
  @Allow('staff:counter')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "counter staff of the seeker's office issue (or reissue) a registered seeker's login and one-time activation code, with a reason (R-SKR-2, R-STF-1); recorded on the seeker's stream (R-STF-2); the old password works until the new code is used",
  })
  @ApiParam({ name: 'seekerId', format: 'uuid', description: 'the registered seeker' })
  @ApiBody({ type: IssueActivationDto })
  @ApiResponse({ status: 201, description: 'issued; the code is shown once', type: SeekerActivationResponse })
  @ApiResponse(refusal(400, 'VALIDATION_FAILED: seekerId is not a UUID, or no reason (R-STF-2)'))
  @ApiResponse(NO_TOKEN)
  @ApiResponse(
    refusal(403, "FORBIDDEN: not counter staff · NOT_SEEKERS_OFFICE (R-STF-1): counter staff of another office than the seeker's"),
  )
  @ApiResponse(refusal(404, 'SEEKER_NOT_REGISTERED (R-SKR-2): no registered seeker with this id'))
  @ApiResponse(
    refusal(409, 'SEEKER_ERASED (R-AUD-2): the seeker was erased · WRONG_EXPECTED_REVISION: a concurrent change won; send again'),
  )
  @ApiResponse(refusal(422, 'STAFF_REASON_REQUIRED (R-STF-2): the reason is blank'))
  @ApiResponse(TOO_LARGE)
  @ApiResponse(refusal(414, 'seekerId is longer than 100 characters'))
  @ApiResponse(NOT_JSON)
  seekerActivation(
    @Param('seekerId', ParseUUIDPipe) seekerId: string,
    @Body() body: IssueActivationDto,
    @CurrentPrincipal() principal: TokenClaims,
  ): Promise<SeekerActivationResponse> {
    return this.identity.issueSeekerActivation(seekerId, body.reason, principal);
  }

  @Post('seekers/activate')
  @ActivationRoute(
    'a seeker sets their own password with the one-time activation code',
    "the password is set; the code is spent; the seeker's stream records it (R-STF-2)",
  )
  async seekerActivate(@Body() body: ActivateDto): Promise<void> {
    await this.identity.activate(body.login, body.activationCode, body.password, 'seeker');
  }
}
