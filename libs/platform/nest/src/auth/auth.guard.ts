import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Clock } from '@hw/platform/core';
import { CLOCK, TOKENS } from '../tokens';
import { InvalidTokenError, StaffRole, TokenClaims, TokenService } from './tokens';

const PUBLIC = 'hw:public';
const ALLOW = 'hw:allow';

export type Allowed = 'seeker' | 'organisation-user' | `staff:${StaffRole}`;

/** Routes without a principal: health and docs only. */
export const Public = () => SetMetadata(PUBLIC, true);
/** Which principals may call a route; anything else gets 403. */
export const Allow = (...who: Allowed[]) => SetMetadata(ALLOW, who);

/** A route's access rule as its decorators state it (the fuzz suite picks an allowed principal from it). */
export const accessOf = (handler: object, controller: object): { isPublic: boolean; allowed: Allowed[] } => ({
  isPublic: Boolean(Reflect.getMetadata(PUBLIC, handler) ?? Reflect.getMetadata(PUBLIC, controller)),
  allowed: Reflect.getMetadata(ALLOW, handler) ?? Reflect.getMetadata(ALLOW, controller) ?? [],
});

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): TokenClaims => ctx.switchToHttp().getRequest().principal,
);

/** Global guard: every route is authenticated, and authorised by @Allow, unless @Public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKENS) private readonly tokens: TokenService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers?.authorization;
    if (!header?.startsWith('Bearer ')) throw new UnauthorizedException('a bearer token is required');
    let claims: TokenClaims;
    try {
      claims = this.tokens.verify(header.slice('Bearer '.length), this.clock.now());
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(`invalid token: ${error.message}`);
      throw error;
    }
    request.principal = claims;
    const allowed = this.reflector.getAllAndOverride<Allowed[]>(ALLOW, targets);
    // Deny by default: a route that forgot @Allow is closed, not open.
    if (!allowed) throw new ForbiddenException('route has no authorisation rule');
    const who: Allowed = claims.kind === 'staff' ? `staff:${claims.role}` : claims.kind;
    if (!allowed.includes(who)) throw new ForbiddenException(`${who} may not call this route`);
    return true;
  }
}
