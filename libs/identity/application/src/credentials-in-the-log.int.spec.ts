import { Global, INestApplication, Module } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openReadDataSource, ProjectionRunner, runSql } from '@hw/platform/projections';
import { ManualClock, newId, RecordedEvent } from '@hw/platform/core';
import { createHttpApp, Infrastructure, loadConfig, openApiDocument, PlatformModule, READ_DB } from '@hw/platform/nest';
import { SEEKER_CREDENTIAL_RECORDS, SeekerCredentialRecords, STAFF_ACCOUNT_SEEDS } from '@hw/identity/contracts';
import { CREDENTIAL_STREAM_PREFIX, credentialsProjection, rebuildCredentialIndex } from './credential-index';
import { Credential, IDENTITY_ENTITIES, IDENTITY_MIGRATIONS, IdentityTables1764400000001 } from './credential.entity';
import { IDENTITY_SECRETS, identityKeysFile, IdentitySecrets } from './identity-secrets';
import { IdentityModule } from './identity.module';
import { IdentityService } from './identity.service';
import { hashPassword } from './password';

/**
 * Credentials as a store of record in the log (SQLite embedded default): identity mounted alone,
 * registration's two ports stubbed. What it proves: every change of a credential is an event of
 * its stream, with no secret in clear; the table is a projection rebuilt from the log alone
 * (R-AUD-1); rows of a data dir from before are imported once; erasure leaves the log's copies
 * unreadable (R-AUD-2); one code activates once (R-SKR-2).
 */
describe('identity: credentials in the log (SQLite, restarts on one data dir)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-identity-'));
  const clock = new ManualClock('2026-04-01T00:00:00.000Z');
  const records: string[] = [];
  const seekerRecords: SeekerCredentialRecords = {
    recordActivationIssued: async (issue) => void records.push(`issued ${issue.seekerId} reissue=${issue.reissue}`),
    recordCredentialActivated: async (seekerId) => void records.push(`activated ${seekerId}`),
  };
  @Global()
  @Module({
    providers: [
      { provide: SEEKER_CREDENTIAL_RECORDS, useValue: seekerRecords },
      { provide: STAFF_ACCOUNT_SEEDS, useValue: [{ login: 'hq-1', password: 'auditor password 1', role: 'hq-auditor' }] },
    ],
    exports: [SEEKER_CREDENTIAL_RECORDS, STAFF_ACCOUNT_SEEDS],
  })
  class RegistrationPorts {}

  let infra: Infrastructure;
  let app: INestApplication;
  const start = async () => {
    const config = loadConfig({ DATA_DIR: dir, AUTH_SECRET: 'test-secret-of-at-least-thirty-two-characters', POLL_INTERVAL_MS: '10' });
    infra = await Infrastructure.create(config, clock);
    @Module({
      imports: [
        PlatformModule.forService(
          {
            service: 'registration',
            entities: IDENTITY_ENTITIES,
            migrations: IDENTITY_MIGRATIONS,
            projections: [credentialsProjection(infra.log, config)],
          },
          infra,
        ),
        RegistrationPorts,
        IdentityModule,
      ],
    })
    class TestModule {}
    app = await createHttpApp(TestModule, { logger: ['error'] });
    await app.init();
  };
  const stop = async () => {
    await app?.close();
    await infra?.close();
  };
  const restart = async () => {
    await stop();
    await start();
  };
  const identity = () => app.get(IdentityService);
  const db = () => app.get<DataSource>(READ_DB);
  const secrets = () => app.get<IdentitySecrets>(IDENTITY_SECRETS);
  const credentialEvents = (): Promise<RecordedEvent[]> => infra.log.readAll({ streamPrefixes: [CREDENTIAL_STREAM_PREFIX] });
  const rows = async () =>
    (
      await db()
        .getRepository(Credential)
        .find({ order: { login: 'ASC' } })
    ).map(({ login, kind, subject, claims, isAdmin, passwordHash }) => ({
      login,
      kind,
      subject,
      claims,
      isAdmin,
      passwordHash,
    }));
  const orgUser = async (login: string, password: string) => {
    const registrationId = newId();
    const created = await identity().createOrganisationUser({
      registrationId,
      departmentId: 'd1',
      organisationKind: 'private-paid',
      login,
      isAdmin: true,
      complaintOfficer: false,
    });
    await identity().activate(login, created.activationCode, password, 'organisation-user');
    return { ...created, registrationId };
  };

  /** A data dir from before identity kept its log: the first identity migration only, one credential row in it. */
  const legacyLogin = `legacy-${newId().slice(0, 8)}`;
  const writeLegacyDataDir = async () => {
    const old = await openReadDataSource(
      { type: 'sqlite', file: join(dir, 'registration.read.sqlite') },
      [],
      [IdentityTables1764400000001],
    );
    await runSql(
      old.manager,
      `INSERT INTO identity_credentials (credential_id, login, kind, subject, claims, password_hash, activation_hash, activation_expires_at, is_admin, created_at)
       VALUES (:id, :login, 'staff', :subject, :claims, :hash, NULL, NULL, :isAdmin, '2025-01-01T00:00:00.000Z')`,
      {
        id: newId(),
        login: legacyLogin,
        subject: newId(),
        claims: JSON.stringify({ role: 'counter', officeCode: '13010' }),
        hash: await hashPassword('legacy password 1'),
        isAdmin: false,
      },
    );
    // An organisation user whose one-time code was issued but not used yet.
    await runSql(
      old.manager,
      `INSERT INTO identity_credentials (credential_id, login, kind, subject, claims, password_hash, activation_hash, activation_expires_at, is_admin, created_at)
       VALUES (:id, :login, 'organisation-user', :subject, :claims, NULL, :code, '2026-04-05T00:00:00.000Z', :isAdmin, '2026-03-31T00:00:00.000Z')`,
      {
        id: newId(),
        login: `${legacyLogin}-user`,
        subject: newId(),
        claims: JSON.stringify({ registrationId: newId(), departmentId: 'd1', organisationKind: 'private-free' }),
        code: await hashPassword('ABCDEFGHJK'),
        isAdmin: true,
      },
    );
    await old.destroy();
  };

  beforeAll(async () => {
    await writeLegacyDataDir();
    await start();
  });
  afterAll(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every change of a credential is an event of its stream, named by a keyed digest of the login; the log holds no login, password, hash or code in clear', async () => {
    const login = `tanaka-${newId().slice(0, 8)}`;
    const { activationCode } = await orgUser(login, 'first password 123');
    await identity().changePassword(
      (await identity().login('hq-1', 'auditor password 1', '10.0.0.1')).claims,
      'auditor password 1',
      'auditor password 2',
      '10.0.0.1',
    );
    const events = await credentialEvents();
    const mine = events.filter((e) => e.streamId === `credential-${secrets().loginKey(login)}`);
    expect(mine.map((e) => e.type)).toEqual(['CredentialIssued', 'CredentialActivated']);
    expect(events.map((e) => e.type)).toContain('PasswordChanged');
    const text = JSON.stringify(events.map(({ streamId, type, data, metadata }) => ({ streamId, type, data, metadata })));
    for (const secret of [login, 'hq-1', activationCode, 'first password 123', 'auditor password 2', 'scrypt$'])
      expect(text).not.toContain(secret);
    expect((await identity().login('hq-1', 'auditor password 2', '10.0.0.1')).claims).toMatchObject({ kind: 'staff', role: 'hq-auditor' });
  });

  it('R-AUD-1: the credentials table is a projection — emptied, it is rebuilt from the log alone with the same rows, at start too', async () => {
    const before = await rows();
    expect(before.length).toBeGreaterThanOrEqual(2);
    // Activated credentials show their (opened) hash; a pending one none.
    expect(before.map((r) => r.passwordHash?.slice(0, 7) ?? null).sort()).toEqual([null, ...Array(before.length - 1).fill('scrypt$')]);
    await db().getRepository(Credential).clear();
    expect(await rebuildCredentialIndex(infra.log, db(), secrets())).toBe(before.length);
    expect(await rows()).toEqual(before);
    // The projection runner's rebuild (what ops rebuilds with): emptied, replayed from position 0.
    const runner = new ProjectionRunner(infra.log, db(), {
      ...credentialsProjection(infra.log, infra.config),
      name: 'identity-credentials-replay',
    });
    await runner.rebuild();
    await runner.stop();
    expect(await rows()).toEqual(before);
    await db().getRepository(Credential).clear();
    await restart();
    expect(await rows()).toEqual(before);
  });

  it('a data dir from before identity kept its log: its credential rows become events once (at the first start), and their passwords keep working', async () => {
    const login = legacyLogin;
    await restart();
    const streamId = `credential-${secrets().loginKey(login)}`;
    const events = (await credentialEvents()).filter((e) => e.streamId === streamId);
    expect(events.map((e) => [e.type, (e.data as { imported?: boolean }).imported])).toEqual([['CredentialIssued', true]]);
    expect((await db().getRepository(Credential).findOneByOrFail({ login })).revision).toBe(0);
    expect((await identity().login(login, 'legacy password 1', '10.0.0.2')).claims).toMatchObject({ kind: 'staff', officeCode: '13010' });
    // A pending code of before works once, as it would have.
    await identity().activate(`${login}-user`, 'ABCDEFGHJK', 'a new password 123', 'organisation-user');
    await expect(identity().activate(`${login}-user`, 'ABCDEFGHJK', 'a new password 123')).rejects.toMatchObject({ status: 401 });
    // Staff of the configuration are created once, not again at each start — nor keyed again.
    const keys = () => {
      const file = new Database(identityKeysFile(infra.config), { readonly: true });
      try {
        return (file.prepare('SELECT COUNT(*) AS n FROM seeker_keys').get() as { n: number }).n;
      } finally {
        file.close();
      }
    };
    const keysBefore = keys();
    await restart();
    expect(keys()).toBe(keysBefore);
    const hq = (await credentialEvents()).filter((e) => e.streamId === `credential-${secrets().loginKey('hq-1')}`);
    expect(hq.filter((e) => e.type === 'CredentialIssued')).toHaveLength(1);
  });

  it('R-SKR-2: of five concurrent uses of one activation code exactly one sets the password; the seeker’s stream is told once', async () => {
    const seekerId = newId();
    const counter = { kind: 'staff' as const, sub: 'counter-1', role: 'counter', officeCode: '13010' };
    const issued = await identity().issueSeekerActivation(seekerId, 'first login', counter);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => identity().activate(issued.login, issued.activationCode, `seeker password ${i}xx`, 'seeker')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.getStatus())).toEqual([
      401, 401, 401, 401,
    ]);
    expect(records.filter((r) => r.includes(seekerId))).toEqual([`issued ${seekerId} reissue=false`, `activated ${seekerId}`]);
  });

  it('R-AUD-2: an erased seeker’s credential is revoked, its row deleted, and the log’s sealed copies can no longer be opened — not by a rebuild either', async () => {
    const seekerId = newId();
    const counter = { kind: 'staff' as const, sub: 'counter-1', role: 'counter', officeCode: '13010' };
    const issued = await identity().issueSeekerActivation(seekerId, 'first login', counter);
    await identity().activate(issued.login, issued.activationCode, 'a seeker password', 'seeker');
    expect((await identity().login(issued.login, 'a seeker password', '10.0.0.3')).claims).toEqual({ kind: 'seeker', sub: seekerId });

    await identity().forgetSeeker(seekerId);
    const streamId = `credential-${secrets().loginKey(issued.login)}`;
    const events = (await credentialEvents()).filter((e) => e.streamId === streamId);
    expect(events.map((e) => e.type)).toEqual(['CredentialIssued', 'CredentialActivated', 'CredentialRevoked']);
    const sealed = events[0].data as { login: string; activationHash: string };
    expect(await secrets().open(seekerId, sealed.login)).toBeUndefined();
    expect(await secrets().open(seekerId, sealed.activationHash)).toBeUndefined();
    await expect(identity().login(issued.login, 'a seeker password', '10.0.0.3')).rejects.toMatchObject({ status: 401 });
    expect(await db().getRepository(Credential).findOneBy({ subject: seekerId })).toBeNull();
    await rebuildCredentialIndex(infra.log, db(), secrets());
    expect(await db().getRepository(Credential).findOneBy({ subject: seekerId })).toBeNull();
  });

  it("identity's routes are documented completely: a summary, the request schema, the path parameter, and a response (with its schema) for every status each answers (431: the platform's, on every route)", () => {
    const paths = openApiDocument(app, 'registration').paths;
    const answers: Record<string, number[]> = {
      '/identity/login': [200, 400, 401, 404, 409, 413, 415, 422, 429, 431],
      '/identity/activate': [204, 400, 401, 409, 413, 415, 431],
      '/identity/password': [204, 400, 401, 403, 409, 413, 415, 422, 429, 431],
      '/identity/seekers/{seekerId}/activation': [201, 400, 401, 403, 404, 409, 413, 414, 415, 422, 431],
      '/identity/seekers/activate': [204, 400, 401, 409, 413, 415, 431],
    };
    expect(
      Object.keys(paths)
        .filter((p) => p.startsWith('/identity'))
        .sort(),
    ).toEqual(Object.keys(answers).sort());
    for (const [path, statuses] of Object.entries(answers)) {
      const operation = paths[path].post!;
      expect(operation.summary).toEqual(expect.any(String));
      expect(operation.requestBody).toMatchObject({ content: { 'application/json': { schema: expect.anything() } } });
      expect(Object.keys(operation.responses).map(Number).sort()).toEqual(statuses);
      for (const status of statuses.filter((n) => n >= 400))
        expect(operation.responses[status]).toMatchObject({
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Refusal' } } },
        });
    }
    expect(paths['/identity/seekers/{seekerId}/activation'].post!.parameters).toEqual([
      expect.objectContaining({ name: 'seekerId', in: 'path', required: true }),
    ]);
  });
});
