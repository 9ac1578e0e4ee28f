import { Inject, Injectable, Logger, OnApplicationBootstrap, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError, EventMetadata, newId } from '@hw/platform/core';
import { EventLog, handleCommand, readState } from '@hw/platform/event-log';
import { CLOCK, EVENT_LOG, PrincipalClaims, READ_DB, TokenClaims, TokenService, TOKENS } from '@hw/platform/nest';
import { isUniqueViolation } from '@hw/platform/projections';
import {
  registrationDecider,
  RegistrationState,
  registrationStreamId,
  registrationUnits,
  SeekerCommand,
  seekerDecider,
  seekerStreamId,
} from '@hw/registration/domain';
import { seekerActorOf } from '../seekers/seeker-actor';
import { REGISTRATION_CONFIG, RegistrationConfig } from '../registrations/registration.config';
import { Credential } from './credential.entity';
import { LoginThrottle } from './login-throttle';
import { dummyHash, hashPassword, oneTimeCode, verifyPassword } from './password';

/** Activation codes are valid for 7 days. */
const ACTIVATION_TTL_MS = 7 * 24 * 3600 * 1000;
export const TOKEN_TTL_SECONDS = 3600;

export class LoginTaken extends DomainError {
  constructor() {
    super('LOGIN_TAKEN', 'this login name is already used', undefined, 'conflict', 'login');
  }
}
export class UnknownUnit extends DomainError {
  constructor() {
    super(
      'UNKNOWN_DEPARTMENT',
      'an organisation user belongs to a department, office or contractor of the registration',
      'R-ORG-4',
      'refused',
      'departmentId',
    );
  }
}
export class RegistrationNotActive extends DomainError {
  constructor(status: string) {
    super(
      'REGISTRATION_NOT_ACTIVE',
      `the registration is ${status}: organisation users need an active registration`,
      'R-ORG-1',
      'refused',
      'registrationId',
      { status },
    );
  }
}

/**
 * The one identity model: credentials of seekers, organisation users and staff, login, and the
 * signed bearer token every service verifies without a call.
 */
@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  private readonly logger = new Logger('identity');
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TOKENS) private readonly tokens: TokenService,
    @Inject(REGISTRATION_CONFIG) private readonly config: RegistrationConfig,
  ) {
    this.throttle = new LoginThrottle(db);
  }

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
        claims: {
          role: seed.role,
          ...(seed.officeCode ? { officeCode: seed.officeCode } : {}),
          ...(seed.prefecture ? { prefecture: seed.prefecture } : {}),
        },
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
    // Counted before the password is checked: one atomic decision per account + address, and per account (login-throttle.ts).
    await this.throttle.attemptLogin(login, address, now);
    const credential = await this.db.getRepository(Credential).findOneBy({ login });
    const ok = await verifyPassword(password, credential?.passwordHash ?? (await dummyHash()));
    if (!credential || !credential.passwordHash || !ok)
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'unknown login or wrong password', field: 'password' });
    await this.throttle.loginSucceeded(login, address);
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
    const login = credential?.login ?? principal.sub;
    await this.throttle.attemptLogin(login, address, now);
    const ok = await verifyPassword(oldPassword, credential?.passwordHash ?? (await dummyHash()));
    if (!credential || !credential.passwordHash || !ok)
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'the old password is wrong', field: 'oldPassword' });
    await this.throttle.loginSucceeded(login, address);
    if (newPassword === oldPassword)
      throw new DomainError('PASSWORD_UNCHANGED', 'the new password differs from the old one', undefined, 'refused', 'newPassword');
    await repo.update({ credentialId: credential.credentialId }, { passwordHash: await hashPassword(newPassword) });
    this.logger.log(`password changed (${credential.kind})`);
  }

  /**
   * An organisation user of one department of an active registration (R-ORG-1, R-ORG-4); the
   * token it gets is for exactly that registration (R-ORG-6). Returns a one-time activation code.
   */
  async createOrganisationUser(registrationId: string, departmentId: string, login: string, isAdmin: boolean, complaintOfficer = false) {
    const state = await this.registration(registrationId);
    if (state.status !== 'active') throw new RegistrationNotActive(state.status);
    if (!registrationUnits(state).includes(departmentId)) throw new UnknownUnit();
    const userId = newId();
    // R-CMP-1: the complaint officer's user carries the claim complaints authorises by.
    const claims = {
      registrationId,
      departmentId,
      organisationKind: state.application.kind,
      ...(complaintOfficer ? { complaintOfficer: 'true' } : {}),
    };
    const activationCode = await this.insertPending(login, 'organisation-user', userId, claims, isAdmin);
    return { userId, login, activationCode };
  }

  /**
   * R-SKR-2: counter staff give a registered seeker a one-time code; the seeker then sets a password.
   * R-STF-1 / R-STF-2: only counter staff of the seeker's office, and the issue is an event on the
   * seeker's stream (who, when, why) appended BEFORE any code exists — the decider refuses other
   * offices, so a refused caller changes nothing. A reissue leaves the seeker's password valid: it
   * is replaced only when the new code is used (`activate`, recorded too).
   */
  async issueSeekerActivation(seekerId: string, reason: string, principal: TokenClaims) {
    const repo = this.db.getRepository(Credential);
    const existing = await repo.findOneBy({ kind: 'seeker', subject: seekerId });
    const code = oneTimeCode();
    const expires = new Date(this.clock.now().getTime() + ACTIVATION_TTL_MS).toISOString();
    await this.seekerCommand(
      seekerId,
      {
        type: 'IssueActivation',
        data: {
          seekerId,
          at: this.clock.now().toISOString(),
          by: seekerActorOf(principal),
          reason,
          reissue: existing !== null,
          expiresAt: expires,
        },
      },
      principal,
    );
    if (existing) {
      // A new code beside the old password (a forgotten password is reset at the counter).
      await repo.update(
        { credentialId: existing.credentialId },
        { activationHash: await hashPassword(code), activationExpiresAt: expires },
      );
      return { login: existing.login, activationCode: code, expiresAt: expires };
    }
    const login = `S${oneTimeCode()}`;
    const activationCode = await this.insertPending(login, 'seeker', seekerId, {}, false, code);
    return { login, activationCode, expiresAt: expires };
  }

  /**
   * Sets the password with the one-time code; the code is spent. For a seeker the activation is
   * recorded on the seeker's stream first, naming who issued the code (R-STF-2): from now on the
   * old password stops working, and the log says why.
   */
  async activate(login: string, activationCode: string, password: string, kind?: 'seeker' | 'organisation-user'): Promise<void> {
    const repo = this.db.getRepository(Credential);
    const credential = await repo.findOneBy({ login });
    const valid =
      (await verifyPassword(activationCode, credential?.activationHash ?? (await dummyHash()))) &&
      credential !== null &&
      (kind === undefined || credential.kind === kind) &&
      (credential.activationExpiresAt ?? '') > this.clock.now().toISOString();
    const invalid = () =>
      new UnauthorizedException({
        code: 'INVALID_ACTIVATION',
        message: 'unknown login or invalid, used or expired activation code',
        field: 'activationCode',
      });
    if (!valid || !credential) throw invalid();
    // The code is spent first, by a conditional update: of concurrent uses of one code exactly one goes on.
    const spent = await repo.update(
      { credentialId: credential.credentialId, activationHash: credential.activationHash as string },
      { activationHash: null, activationExpiresAt: null },
    );
    if (spent.affected !== 1) throw invalid();
    if (credential.kind === 'seeker') {
      const seeker = { kind: 'seeker' as const, sub: credential.subject, iat: 0, exp: 0 };
      await this.seekerCommand(
        credential.subject,
        { type: 'RecordCredentialActivated', data: { seekerId: credential.subject, at: this.clock.now().toISOString() } },
        seeker,
      );
    }
    await repo.update({ credentialId: credential.credentialId }, { passwordHash: await hashPassword(password) });
  }

  /** R-AUD-2: an erased seeker's credential (login name, password hash, activation code) is deleted. */
  async forgetSeeker(seekerId: string): Promise<void> {
    await this.db.getRepository(Credential).delete({ kind: 'seeker', subject: seekerId });
  }

  async isAdmin(subject: string, registrationId: string): Promise<boolean> {
    const credential = await this.db.getRepository(Credential).findOneBy({ kind: 'organisation-user', subject });
    return Boolean(credential?.isAdmin && credential.claims.registrationId === registrationId);
  }

  private async insertPending(
    login: string,
    kind: Credential['kind'],
    subject: string,
    claims: Record<string, string>,
    isAdmin: boolean,
    code = oneTimeCode(),
  ) {
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
          ...(c.complaintOfficer === 'true' ? { complaintOfficer: true } : {}),
          // R-REP-1 / R-REP-2: the registration's administrator (the user created at approval, or one created as admin) files reports.
          ...(credential.isAdmin ? { admin: true } : {}),
        };
      case 'staff':
        return {
          kind: 'staff',
          sub: credential.subject,
          role: c.role as never,
          ...(c.officeCode ? { officeCode: c.officeCode } : {}),
          ...(c.prefecture ? { prefecture: c.prefecture } : {}),
        };
    }
  }

  private seekerCommand(seekerId: string, command: SeekerCommand, principal: TokenClaims) {
    const metadata: EventMetadata = {
      correlationId: newId(),
      principal: { kind: principal.kind, id: principal.sub },
      occurredAt: command.data.at,
    };
    return handleCommand(this.log, seekerDecider, seekerStreamId(seekerId), command, metadata);
  }

  private async registration(registrationId: string): Promise<Exclude<RegistrationState, { status: 'none' }>> {
    const { state } = await readState(this.log, registrationDecider, registrationStreamId(registrationId));
    if (state.status === 'none')
      throw new DomainError('REGISTRATION_NOT_FOUND', 'no such registration', 'R-ORG-1', 'not-found', 'registrationId');
    return state;
  }
}
