import { createHmac, timingSafeEqual } from 'node:crypto';
import { BoundedMap } from '@hw/platform/core';

/** Staff roles (R-STF-1). */
export type StaffRole = 'counter' | 'complaint-desk' | 'bureau-officer' | 'hq-auditor';

export type PrincipalClaims =
  | { kind: 'seeker'; sub: string }
  | {
      kind: 'organisation-user';
      sub: string;
      /** Every request of an organisation user acts under exactly one registration (R-ORG-6). */
      registrationId: string;
      departmentId: string;
      organisationKind: 'private-paid' | 'private-free' | 'local-government';
      /** R-CMP-1 / R-ORG-7: this user is the registration's complaint officer (set from registration's user record). */
      complaintOfficer?: boolean;
      /** R-REP-1 / R-REP-2: this user is the registration's administrator (set at login from the credential). */
      admin?: boolean;
    }
  | { kind: 'staff'; sub: string; role: StaffRole; officeCode?: string; prefecture?: string };

export type TokenClaims = PrincipalClaims & { iat: number; exp: number };

const b64 = (input: Buffer | string): string => Buffer.from(input).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export class InvalidTokenError extends Error {}

/**
 * Signed bearer tokens (HS256 JWT): every service verifies them locally, without a call.
 * Issuance of real credentials belongs to registration; tests mint tokens with the secret.
 */
export class TokenService {
  /**
   * Tokens that passed the signature and format checks, by their exact string: those checks
   * are a pure function of (string, secret), so a hit skips only the HMAC and the JSON parse.
   * Expiry is checked on every call; an expired entry is dropped. Bounded; cleared when full.
   */
  private readonly verified = new BoundedMap<string, TokenClaims>(10_000);

  constructor(private readonly secret: string) {}

  sign(claims: PrincipalClaims, now: Date, ttlSeconds = 3600): string {
    const iat = Math.floor(now.getTime() / 1000);
    const payload = b64(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds }));
    return `${HEADER}.${payload}.${this.mac(`${HEADER}.${payload}`)}`;
  }

  verify(token: string, now: Date): TokenClaims {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > now.getTime()) return { ...known };
      this.verified.delete(token);
      throw new InvalidTokenError('token expired');
    }
    const claims = this.check(token, now);
    this.verified.set(token, claims);
    return { ...claims };
  }

  private check(token: string, now: Date): TokenClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) throw new InvalidTokenError('malformed token');
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidTokenError('bad signature');
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      throw new InvalidTokenError('malformed payload');
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) throw new InvalidTokenError('token expired');
    if (!['seeker', 'organisation-user', 'staff'].includes(claims.kind) || typeof claims.sub !== 'string')
      throw new InvalidTokenError('unknown principal kind');
    return claims;
  }

  private mac(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}
