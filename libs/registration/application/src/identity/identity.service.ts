import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError, newId } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { CLOCK, EVENT_LOG, PrincipalClaims, READ_DB, TokenService, TOKENS } from '@hw/platform/nest';
import { isUniqueViolation } from '@hw/platform/projections';
import { foldSeekerConsent, seekerConsentStreamId } from '@hw/registration/contracts';
import { registrationDecider, RegistrationState, registrationStreamId, registrationUnits } from '@hw/registration/domain';
import { REGISTRATION_CONFIG, RegistrationConfig } from '../registrations/registration.config';
import { Credential, LoginAttempt } from './credential.entity';
import { dummyHash, hashPassword, oneTimeCode, verifyPassword } from './password';

/** Failures allowed before each further one locks the account for this address. */
export const FREE_FAILURES = 3;
/** The lock doubles with every further failure, up to this (15 minutes). */
export const MAX_LOCK_SECONDS = 15 * 60;
/** Activation codes are valid for 7 days. */
const ACTIVATION_TTL_MS = 7 * 24 * 3600 * 1000;
export const TOKEN_TTL_SECONDS = 3600;

/**
 * The throttle's key of an account + client address: a SHA-256 digest, so that PostgreSQL gets no
 * NUL byte (text columns refuse 0x00) and the table holds no client address in clear.
 */
export const attemptKey = (login: string, address: string): string => createHash('sha256').update(login).update('\u0000').update(address).digest('hex');

export class LoginThrottled extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('LOGIN_THROTTLED', 'too many failed logins for this account from this address; try again later', undefined, 'limit', 'login', { retryAfterSeconds });
  }
}
export class LoginTaken extends DomainError {
  constructor() {
    super('LOGIN_TAKEN', 'this login name is already used', undefined, 'conflict', 'login');
  }
}
export class UnknownUnit extends DomainError {
  constructor() {
    super('UNKNOWN_DEPARTMENT', 'an organisation user belongs to a department, office or contractor of the registration', 'R-ORG-4', 'refused', 'departmentId');
  }
}
export class RegistrationNotActive extends DomainError {
  constructor(status: string) {
    super('REGISTRATION_NOT_ACTIVE', `the registration is ${status}: organisation users need an active registration`, 'R-ORG-1', 'refused', 'registrationId', { status });
  }
}

/**
 * The one identity model: credentials of seekers, organisation users and staff, login, and the
 * signed bearer token every service verifies without a call.
 */
@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  private readonly logger = new Logger('identity');

  constructor(
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TOKENS) private readonly tokens: TokenService,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
  ) {}

  /** Staff accounts from configuration, created when missing (embedded default). */
  async onApplicationBootstrap(): Promise<void> {
    const repo = this.db.getRepository(Credential);
    for (const seed of this.config.STAFF_ACCOUNTS) {
      if (await repo.findOneBy({ login: seed.login })) continue;
      await repo.insert({
        credentialId: newId(),
        login: seed.login,
        kind: 'staff',
        subject: newId(),
        claims: { role: seed.role, ...(seed.officeCode ? { officeCode: seed.officeCode } : {}), ...(seed.prefecture ? { prefecture: seed.prefecture } : {}) },
        passwordHash: await hashPassword(seed.password),
        activationHash: null,
        activationExpiresAt: null,
        isAdmin: false,
        createdAt: this.clock.now().toISOString(),
      });
      this.logger.log(`staff account created from configuration (role ${seed.role})`);
    }
  }

  async login(login: string, password: string, address: string): Promise<{ token: string; expiresIn: number; claims: PrincipalClaims }> {
    const now = this.clock.now();
    const key = attemptKey(login, address);
    const attempts = this.db.getRepository(LoginAttempt);
    const previous = await attempts.findOneBy({ attemptKey: key });
    if (previous?.lockedUntil && previous.lockedUntil > now.toISOString())
      throw new LoginThrottled(Math.ceil((new Date(previous.lockedUntil).getTime() - now.getTime()) / 1000));
    const credential = await this.db.getRepository(Credential).findOneBy({ login });
    const ok = await verifyPassword(password, credential?.passwordHash ?? (await dummyHash()));
    if (!credential || !credential.passwordHash || !ok) {
      await this.recordFailure(key, previous, now);
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'unknown login or wrong password', field: 'password' });
    }
    if (previous) await attempts.delete({ attemptKey: key });
    const claims = this.claimsOf(credential);
    if (claims.kind === 'organisation-user') {
      const state = await this.registration(claims.registrationId);
      // R-ORG-1: a registration that ended (terminated, expired) signs nobody in; a suspended one may still read.
      if (state.status !== 'active' && state.status !== 'suspended') throw new RegistrationNotActive(state.status);
    }
    return { token: this.tokens.sign(claims, now, TOKEN_TTL_SECONDS), expiresIn: TOKEN_TTL_SECONDS, claims };
  }

  /**
   * Any principal — seeker, organisation user, staff — changes its own password; the old one is
   * required, and wrong old passwords are throttled like failed logins (same account + address).
   */
  async changePassword(principal: PrincipalClaims, oldPassword: string, newPassword: string, address: string): Promise<void> {
    const now = this.clock.now();
    const repo = this.db.getRepository(Credential);
    const credential = await repo.findOneBy({ kind: principal.kind, subject: principal.sub });
    const key = attemptKey(credential?.login ?? principal.sub, address);
    const attempts = this.db.getRepository(LoginAttempt);
    const previous = await attempts.findOneBy({ attemptKey: key });
    if (previous?.lockedUntil && previous.lockedUntil > now.toISOString())
      throw new LoginThrottled(Math.ceil((new Date(previous.lockedUntil).getTime() - now.getTime()) / 1000));
    const ok = await verifyPassword(oldPassword, credential?.passwordHash ?? (await dummyHash()));
    if (!credential || !credential.passwordHash || !ok) {
      await this.recordFailure(key, previous, now);
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'the old password is wrong', field: 'oldPassword' });
    }
    if (previous) await attempts.delete({ attemptKey: key });
    if (newPassword === oldPassword) throw new DomainError('PASSWORD_UNCHANGED', 'the new password differs from the old one', undefined, 'refused', 'newPassword');
    await repo.update({ credentialId: credential.credentialId }, { passwordHash: await hashPassword(newPassword) });
    this.logger.log(`password changed (${credential.kind})`);
  }

  /**
   * An organisation user of one department of an active registration (R-ORG-1, R-ORG-4); the
   * token it gets is for exactly that registration (R-ORG-6). Returns a one-time activation code.
   */
  async createOrganisationUser(registrationId: string, departmentId: string, login: string, isAdmin: boolean) {
    const state = await this.registration(registrationId);
    if (state.status !== 'active') throw new RegistrationNotActive(state.status);
    if (!registrationUnits(state).includes(departmentId)) throw new UnknownUnit();
    const userId = newId();
    const claims = { registrationId, departmentId, organisationKind: state.application.kind };
    const activationCode = await this.insertPending(login, 'organisation-user', userId, claims, isAdmin);
    return { userId, login, activationCode };
  }

  /** R-SKR-2: counter staff give a registered seeker a one-time code; the seeker then sets a password. */
  async issueSeekerActivation(seekerId: string) {
    const consent = foldSeekerConsent((await this.log.readStream(seekerConsentStreamId(seekerId))) as never);
    if (!consent.registered) throw new DomainError('SEEKER_NOT_REGISTERED', 'no such seeker registration', 'R-SKR-2', 'not-found', 'seekerId');
    const repo = this.db.getRepository(Credential);
    const existing = await repo.findOneBy({ kind: 'seeker', subject: seekerId });
    const code = oneTimeCode();
    const expires = new Date(this.clock.now().getTime() + ACTIVATION_TTL_MS).toISOString();
    if (existing) {
      // A new code replaces the old one (a forgotten password is reset at the counter).
      await repo.update({ credentialId: existing.credentialId }, { activationHash: await hashPassword(code), activationExpiresAt: expires });
      return { login: existing.login, activationCode: code, expiresAt: expires };
    }
    const login = `S${oneTimeCode()}`;
    const activationCode = await this.insertPending(login, 'seeker', seekerId, {}, false, code);
    return { login, activationCode, expiresAt: expires };
  }

  /** Sets the password with the one-time code; the code is spent. */
  async activate(login: string, activationCode: string, password: string, kind?: 'seeker' | 'organisation-user'): Promise<void> {
    const repo = this.db.getRepository(Credential);
    const credential = await repo.findOneBy({ login });
    const valid =
      (await verifyPassword(activationCode, credential?.activationHash ?? (await dummyHash()))) &&
      credential !== null &&
      (kind === undefined || credential.kind === kind) &&
      (credential.activationExpiresAt ?? '') > this.clock.now().toISOString();
    if (!valid || !credential) throw new UnauthorizedException({ code: 'INVALID_ACTIVATION', message: 'unknown login or invalid, used or expired activation code', field: 'activationCode' });
    await repo.update(
      { credentialId: credential.credentialId },
      { passwordHash: await hashPassword(password), activationHash: null, activationExpiresAt: null },
    );
  }

  async isAdmin(subject: string, registrationId: string): Promise<boolean> {
    const credential = await this.db.getRepository(Credential).findOneBy({ kind: 'organisation-user', subject });
    return Boolean(credential?.isAdmin && credential.claims.registrationId === registrationId);
  }

  /** One more failure for this account + address: after FREE_FAILURES each further one locks, doubling up to MAX_LOCK_SECONDS. */
  private async recordFailure(key: string, previous: LoginAttempt | null, now: Date): Promise<void> {
    const failures = (previous?.failures ?? 0) + 1;
    const lockSeconds = failures > FREE_FAILURES ? Math.min(2 ** (failures - FREE_FAILURES), MAX_LOCK_SECONDS) : 0;
    await this.db.getRepository(LoginAttempt).save({
      attemptKey: key,
      failures,
      lockedUntil: lockSeconds > 0 ? new Date(now.getTime() + lockSeconds * 1000).toISOString() : null,
      lastFailureAt: now.toISOString(),
    });
  }

  private async insertPending(login: string, kind: Credential['kind'], subject: string, claims: Record<string, string>, isAdmin: boolean, code = oneTimeCode()) {
    try {
      await this.db.getRepository(Credential).insert({
        credentialId: newId(),
        login,
        kind,
        subject,
        claims,
        passwordHash: null,
        activationHash: await hashPassword(code),
        activationExpiresAt: new Date(this.clock.now().getTime() + ACTIVATION_TTL_MS).toISOString(),
        isAdmin,
        createdAt: this.clock.now().toISOString(),
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new LoginTaken();
      throw error;
    }
    return code;
  }

  private claimsOf(credential: Credential): PrincipalClaims {
    const c = credential.claims;
    switch (credential.kind) {
      case 'seeker':
        return { kind: 'seeker', sub: credential.subject };
      case 'organisation-user':
        return {
          kind: 'organisation-user',
          sub: credential.subject,
          registrationId: c.registrationId,
          departmentId: c.departmentId,
          organisationKind: c.organisationKind as 'private-paid' | 'private-free' | 'local-government',
        };
      case 'staff':
        return { kind: 'staff', sub: credential.subject, role: c.role as never, ...(c.officeCode ? { officeCode: c.officeCode } : {}), ...(c.prefecture ? { prefecture: c.prefecture } : {}) };
    }
  }

  private async registration(registrationId: string): Promise<Exclude<RegistrationState, { status: 'none' }>> {
    const events = await this.log.readStream(registrationStreamId(registrationId));
    const state = events.reduce((s, e) => registrationDecider.evolve(s, { type: e.type, data: e.data } as never), registrationDecider.initialState());
    if (state.status === 'none') throw new DomainError('REGISTRATION_NOT_FOUND', 'no such registration', 'R-ORG-1', 'not-found', 'registrationId');
    return state;
  }
}

