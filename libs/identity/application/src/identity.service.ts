import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError, EventMetadata, isRefusal, newId, Principal } from '@hw/platform/core';
import { EventLog, handleCommand, readState } from '@hw/platform/event-log';
import { CLOCK, CONFIG, EVENT_LOG, PlatformConfig, PrincipalClaims, READ_DB, TokenService, TOKENS } from '@hw/platform/nest';
import {
  activationExpiresAt,
  CredentialCommand,
  credentialDecider,
  CredentialIssuedData,
  CredentialState,
  credentialStreamId,
  invalidCredentials,
  IssuedCredential,
} from '@hw/identity/domain';
import {
  IdentityAccounts,
  NewOrganisationUser,
  SEEKER_CREDENTIAL_RECORDS,
  SeekerCredentialRecords,
  STAFF_ACCOUNT_SEEDS,
  StaffAccountSeed,
  StaffActor,
} from '@hw/identity/contracts';
import { foldRegistrationFacts, OrganisationKind, registrationFactsStreamId } from '@hw/registration/contracts';
import { Credential } from './credential.entity';
import { projectCredential, rebuildCredentialIndex } from './credential-index';
import { closeIdentitySecrets, IDENTITY_SECRETS, IdentitySecrets } from './identity-secrets';
import { LoginThrottle } from './login-throttle';
import { dummyHash, hashPassword, oneTimeCode, verifyPassword } from './password';

export const TOKEN_TTL_SECONDS = 3600;

/** Who appends what no caller's token names (configuration, imports, activation with a code). */
const IDENTITY: Principal = { kind: 'system', id: 'identity' };

/** R-ORG-1: a registration that ended signs nobody in. */
const registrationNotActive = (status: string): DomainError =>
  new DomainError(
    'REGISTRATION_NOT_ACTIVE',
    `the registration is ${status}: organisation users need an active registration`,
    'R-ORG-1',
    'refused',
    'registrationId',
    { status },
  );

/** The shell answers a wrong password or code 401, as before identity had a decider. */
const unauthorised = (error: unknown): unknown =>
  isRefusal(error, 'INVALID_CREDENTIALS') || isRefusal(error, 'INVALID_ACTIVATION')
    ? new UnauthorizedException({ code: error.code, message: error.message, field: error.field })
    : error;

/**
 * Identity: the credentials of seekers, organisation users and staff, login, and the signed
 * bearer token every service verifies without a call. The store of record is the log — one
 * credential stream per login, every secret sealed (identity-secrets.ts) — written through the
 * one command path (handleCommand); identity_credentials is its read model (credential-index.ts).
 */
@Injectable()
export class IdentityService implements IdentityAccounts, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('identity');
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(READ_DB) private readonly db: DataSource,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TOKENS) private readonly tokens: TokenService,
    @Inject(CONFIG) private readonly config: PlatformConfig,
    @Inject(IDENTITY_SECRETS) private readonly secrets: IdentitySecrets,
    @Inject(SEEKER_CREDENTIAL_RECORDS) private readonly seekerRecords: SeekerCredentialRecords,
    @Inject(STAFF_ACCOUNT_SEEDS) private readonly staffSeeds: StaffAccountSeed[],
  ) {
    this.throttle = new LoginThrottle(db);
  }

  /**
   * At start: rows written before the log kept credentials are imported (once); an emptied read
   * model is rebuilt from the log; staff accounts of the configuration are created when missing.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.importLegacyCredentials();
    const repo = this.db.getRepository(Credential);
    if ((await repo.count()) === 0) {
      const rows = await rebuildCredentialIndex(this.log, this.db, this.secrets);
      if (rows > 0) this.logger.log(`credentials read model rebuilt from the log (${rows} credentials)`);
    }
    for (const seed of this.staffSeeds) {
      // Known already (an earlier start): nothing is hashed, sealed or keyed again.
      if ((await readState(this.log, credentialDecider, this.streamOf(seed.login))).state.status === 'issued') continue;
      const claims = {
        role: seed.role,
        ...(seed.officeCode ? { officeCode: seed.officeCode } : {}),
        ...(seed.prefecture ? { prefecture: seed.prefecture } : {}),
      };
      const created = await this.issue(seed.login, 'staff', newId(), claims, false, { password: seed.password }).then(
        () => true,
        (error: unknown) => {
          if (isRefusal(error, 'LOGIN_TAKEN')) return false;
          throw error;
        },
      );
      if (created) this.logger.log(`staff account created from configuration (role ${seed.role})`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await closeIdentitySecrets(this.config);
  }

  async login(login: string, password: string, address: string): Promise<{ token: string; expiresIn: number; claims: PrincipalClaims }> {
    const now = this.clock.now();
    // Counted before the password is checked: one decision per account + address, and per account (login-throttle.ts).
    await this.throttle.attemptLogin(login, address, now);
    const { state } = await readState(this.log, credentialDecider, this.streamOf(login));
    const stored = await this.passwordHashOf(state);
    const ok = await verifyPassword(password, stored ?? (await dummyHash()));
    if (state.status !== 'issued' || !stored || !ok)
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'unknown login or wrong password', field: 'password' });
    await this.throttle.loginSucceeded(login, address);
    const claims = claimsOf(state);
    if (claims.kind === 'organisation-user') {
      const status = await this.registrationStatus(claims.registrationId);
      // R-ORG-1: a registration that ended (terminated, expired) signs nobody in; a suspended one may still read.
      if (status !== 'active' && status !== 'suspended') throw registrationNotActive(status);
    }
    return { token: this.tokens.sign(claims, now, TOKEN_TTL_SECONDS), expiresIn: TOKEN_TTL_SECONDS, claims };
  }

  /**
   * Any principal — seeker, organisation user, staff — changes its own password; the old one is
   * required, and wrong old passwords are throttled like failed logins (same account + address).
   */
  async changePassword(principal: PrincipalClaims, oldPassword: string, newPassword: string, address: string): Promise<void> {
    const now = this.clock.now();
    const row = await this.db.getRepository(Credential).findOneBy({ kind: principal.kind, subject: principal.sub });
    const login = row?.login ?? principal.sub;
    await this.throttle.attemptLogin(login, address, now);
    if (!row) {
      await verifyPassword(oldPassword, await dummyHash()); // a miss costs what a wrong password costs
      throw unauthorised(invalidCredentials('oldPassword'));
    }
    const verified = new Map<string, boolean>();
    try {
      await this.command(
        login,
        {
          prepare: async (state) => {
            const stored = await this.passwordHashOf(state);
            const matches = stored ? (verified.get(stored) ?? (await verifyPassword(oldPassword, stored))) : false;
            if (stored) verified.set(stored, matches);
            const samePassword = newPassword === oldPassword;
            const passwordHash =
              matches && !samePassword && state.status === 'issued' ? await this.sealedHash(state.subject, newPassword) : '';
            return { type: 'ChangePassword', data: { at: now.toISOString(), oldPasswordMatches: matches, samePassword, passwordHash } };
          },
        },
        { kind: principal.kind, id: principal.sub },
      );
    } catch (error) {
      if (isRefusal(error, 'PASSWORD_UNCHANGED')) await this.throttle.loginSucceeded(login, address);
      throw unauthorised(error);
    }
    await this.throttle.loginSucceeded(login, address);
    this.logger.log(`password changed (${row.kind})`);
  }

  /**
   * An organisation user of one department of an active registration: registration checked the
   * registration and the department (R-ORG-1, R-ORG-4) before asking; the token it gets is for
   * exactly that registration (R-ORG-6). Returns a one-time activation code.
   */
  async createOrganisationUser(user: NewOrganisationUser): Promise<{ userId: string; login: string; activationCode: string }> {
    const userId = newId();
    const claims = {
      registrationId: user.registrationId,
      departmentId: user.departmentId,
      organisationKind: user.organisationKind,
      // R-CMP-1: the complaint officer's user carries the claim complaints authorises by.
      ...(user.complaintOfficer ? { complaintOfficer: 'true' } : {}),
    };
    const activationCode = oneTimeCode();
    await this.issue(user.login, 'organisation-user', userId, claims, user.isAdmin, { code: activationCode });
    return { userId, login: user.login, activationCode };
  }

  /**
   * R-SKR-2: counter staff give a registered seeker a one-time code; the seeker then sets a password.
   * R-STF-1 / R-STF-2: only counter staff of the seeker's office, and the issue is an event on the
   * seeker's stream (who, when, why) appended BEFORE any code exists — registration's decider
   * refuses other offices, so a refused caller changes nothing. A reissue leaves the seeker's
   * password valid: it is replaced only when the new code is used (`activate`, recorded too).
   */
  async issueSeekerActivation(seekerId: string, reason: string, by: StaffActor) {
    const existing = await this.db.getRepository(Credential).findOneBy({ kind: 'seeker', subject: seekerId });
    const code = oneTimeCode();
    const now = this.clock.now();
    const expiresAt = activationExpiresAt(now);
    await this.seekerRecords.recordActivationIssued({ seekerId, at: now.toISOString(), by, reason, reissue: existing !== null, expiresAt });
    if (existing) {
      // A new code beside the old password (a forgotten password is reset at the counter).
      const activationHash = await this.sealedHash(seekerId, code);
      await this.command(
        existing.login,
        { type: 'IssueActivationCode', data: { activationHash, expiresAt, at: now.toISOString() } },
        { kind: 'staff', id: by.sub },
      );
      return { login: existing.login, activationCode: code, expiresAt };
    }
    const login = `S${oneTimeCode()}`;
    await this.issue(login, 'seeker', seekerId, {}, false, { code });
    return { login, activationCode: code, expiresAt };
  }

  /**
   * Sets the password with the one-time code; the code is spent by the same event, so of
   * concurrent uses of one code exactly one goes on (the others lose the append and, deciding
   * again, find it spent). For a seeker the activation is then recorded on the seeker's stream,
   * naming who issued the code (R-STF-2): from now on the old password no longer works.
   */
  async activate(login: string, activationCode: string, password: string, kind?: 'seeker' | 'organisation-user'): Promise<void> {
    const at = this.clock.now().toISOString();
    let result;
    try {
      result = await this.command(login, {
        prepare: async (state) => {
          const pending =
            state.status === 'issued' && state.activation ? await this.secrets.open(state.subject, state.activation.hash) : undefined;
          const codeMatches = await verifyPassword(activationCode, pending ?? (await dummyHash()));
          const passwordHash = codeMatches && pending && state.status === 'issued' ? await this.sealedHash(state.subject, password) : '';
          return {
            type: 'Activate',
            data: { at, codeMatches: codeMatches && pending !== undefined, passwordHash, ...(kind ? { kind } : {}) },
          };
        },
      });
    } catch (error) {
      throw unauthorised(error);
    }
    if (result.state.status === 'issued' && result.state.kind === 'seeker')
      await this.seekerRecords.recordCredentialActivated(result.state.subject, at);
  }

  /** R-AUD-2: an erased seeker's credential is revoked, its key destroyed (the log's copies unreadable) and its row deleted. */
  async forgetSeeker(seekerId: string): Promise<void> {
    const row = await this.db.getRepository(Credential).findOneBy({ kind: 'seeker', subject: seekerId });
    if (row) await this.command(row.login, { type: 'RevokeCredential', data: { at: this.clock.now().toISOString(), reason: 'erasure' } });
    await this.secrets.destroy(seekerId);
    await this.db.getRepository(Credential).delete({ kind: 'seeker', subject: seekerId });
  }

  async isAdmin(subject: string, registrationId: string): Promise<boolean> {
    const credential = await this.db.getRepository(Credential).findOneBy({ kind: 'organisation-user', subject });
    return Boolean(credential?.isAdmin && credential.claims.registrationId === registrationId);
  }

  /**
   * Once per data dir: credential rows written while the read database was the only copy
   * (revision -1) become CredentialIssued events on their streams, their hashes sealed; the row
   * then carries its stream's revision. A stream already written (an earlier, interrupted import)
   * is left as it is.
   */
  private async importLegacyCredentials(): Promise<void> {
    const legacy = await this.db.getRepository(Credential).findBy({ revision: -1 });
    for (const row of legacy) {
      const data: CredentialIssuedData = {
        credentialId: row.credentialId,
        kind: row.kind,
        subject: row.subject,
        claims: row.claims,
        isAdmin: row.isAdmin,
        login: await this.secrets.seal(row.subject, row.login),
        passwordHash: row.passwordHash ? await this.secrets.seal(row.subject, row.passwordHash) : null,
        activationHash: row.activationHash ? await this.secrets.seal(row.subject, row.activationHash) : null,
        activationExpiresAt: row.activationHash ? row.activationExpiresAt : null,
        at: row.createdAt,
        imported: true,
      };
      await this.command(row.login, { type: 'IssueCredential', data }).catch(async (error: unknown) => {
        if (!isRefusal(error, 'LOGIN_TAKEN')) throw error;
        const { state, revision } = await readState(this.log, credentialDecider, this.streamOf(row.login));
        await projectCredential(this.db.manager, this.secrets, state, revision);
      });
    }
    if (legacy.length > 0) this.logger.log(`credentials imported into the log (${legacy.length})`);
  }

  private async issue(
    login: string,
    kind: IssuedCredential['kind'],
    subject: string,
    claims: Record<string, string>,
    isAdmin: boolean,
    secret: { code: string } | { password: string },
  ): Promise<void> {
    const now = this.clock.now();
    const pending = 'code' in secret;
    await this.command(login, {
      type: 'IssueCredential',
      data: {
        credentialId: newId(),
        kind,
        subject,
        claims,
        isAdmin,
        login: await this.secrets.seal(subject, login),
        passwordHash: pending ? null : await this.sealedHash(subject, secret.password),
        activationHash: pending ? await this.sealedHash(subject, secret.code) : null,
        activationExpiresAt: pending ? activationExpiresAt(now) : null,
        at: now.toISOString(),
      },
    });
  }

  /** The one command path for a credential: handleCommand on its stream, then its read-model row. */
  private async command(
    login: string,
    command: CredentialCommand | { prepare: (state: CredentialState) => Promise<CredentialCommand> },
    principal: Principal = IDENTITY,
  ) {
    const metadata: EventMetadata = { correlationId: newId(), principal, occurredAt: this.clock.now().toISOString() };
    const result = await handleCommand(this.log, credentialDecider, this.streamOf(login), command, metadata);
    if (result.events.length > 0) await projectCredential(this.db.manager, this.secrets, result.state, result.nextRevision);
    return result;
  }

  private streamOf(login: string): string {
    return credentialStreamId(this.secrets.loginKey(login));
  }

  private async sealedHash(subject: string, secret: string): Promise<string> {
    return this.secrets.seal(subject, await hashPassword(secret));
  }

  private async passwordHashOf(state: CredentialState): Promise<string | undefined> {
    return state.status === 'issued' && state.passwordHash ? this.secrets.open(state.subject, state.passwordHash) : undefined;
  }

  /**
   * R-ORG-1: the registration's status at login, folded from its stream in the log with
   * registration's published log-level contract (`foldRegistrationFacts`, as messaging's send
   * does) — not from a read model fed by registration.Registration*.v1: that would lag, and a
   * terminated or expired registration's users could still sign in until it caught up.
   */
  private async registrationStatus(registrationId: string): Promise<string> {
    const facts = foldRegistrationFacts(await this.log.readStream(registrationFactsStreamId(registrationId)));
    if (facts.status === 'none')
      throw new DomainError('REGISTRATION_NOT_FOUND', 'no such registration', 'R-ORG-1', 'not-found', 'registrationId');
    return facts.status;
  }
}

/** What the token states, from the credential: kind, id, and the claims of its kind. */
const claimsOf = (credential: IssuedCredential): PrincipalClaims => {
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
        organisationKind: c.organisationKind as OrganisationKind,
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
};
