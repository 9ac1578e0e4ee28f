import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { newId } from '@hw/platform/core';
import { describeWith, eventually, kafkaBrokers, postgresUrl } from '@hw/platform/testing';
import { http, startProcess, Started, waitForHealth } from './support/processes';

/**
 * Issue 3 as a user runs it: the registration service in the real launcher process (every
 * service, embedded default), and registration alone on Kafka + PostgreSQL. Nothing is minted
 * here: every token comes from `POST /identity/login` with the staff accounts of STAFF_ACCOUNTS,
 * an approved applicant's activation, or a seeker's counter activation.
 */

const PASSWORD = {
  tokyo: 'tokyo officer password',
  osaka: 'osaka officer password',
  counter: 'counter staff password',
  auditor: 'hq auditor password',
};
const STAFF_ACCOUNTS = JSON.stringify([
  { login: 'tokyo-officer', password: PASSWORD.tokyo, role: 'bureau-officer', officeCode: '13000', prefecture: '13' },
  { login: 'osaka-officer', password: PASSWORD.osaka, role: 'bureau-officer', officeCode: '27000', prefecture: '27' },
  { login: 'shinjuku-counter', password: PASSWORD.counter, role: 'counter', officeCode: '13010', prefecture: '13' },
  { login: 'hq-auditor', password: PASSWORD.auditor, role: 'hq-auditor' },
]);

/** Known personal strings: none may reach an organisation user. */
const PERSONAL = {
  name: '登録 試験太郎',
  address: '東京都新宿区西新宿9-9-9',
  phone: '03-9999-0001',
  email: 'shiken.taro@example.jp',
  jobSeekerNumber: '13010-00424242',
};

const officer = { name: '連絡 花子', department: '人事部', phone: '03-1234-5678', email: 'renraku@example.jp' };
const security = { antivirusDefinitionsCurrent: true, automaticScanEnabled: true };
const permit = () => `13-ユ-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const agency = (permitNumber: string) => ({
  organisationName: '株式会社登録試験人材',
  kind: 'private-paid',
  category: 'own',
  permitNumber,
  // R-ORG-3: offices sharing the permit number (branch numbers) under one registration filed by the main office.
  departments: [
    { name: '本社', branchNumber: '0', mainOffice: true },
    { name: '横浜支店', branchNumber: '1' },
  ],
  contactOfficer: officer,
  complaintOfficer: officer,
  security,
});

const claimsOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

const login = async (base: string, name: string, password: string): Promise<string> => {
  const response = await http('POST', `${base}/identity/login`, undefined, { login: name, password });
  expect(response.status).toBe(200);
  return `Bearer ${response.body.token}`;
};

/**
 * The lifecycle every mode must run: staff login, an application received and approved by the
 * bureau of its prefecture, the admin's activation and login, a department user, another
 * prefecture's officer refused, a seeker registered, activated, logged in and stopping use, an
 * organisation user kept away from other registrations and personal data, the auditor read-only.
 */
const lifecycle = async (base: string, run: string, matching?: string) => {
  // Staff log in with the accounts the service created from STAFF_ACCOUNTS (R-STF-1 claims).
  const staffLogin = await http('POST', `${base}/identity/login`, undefined, { login: 'tokyo-officer', password: PASSWORD.tokyo });
  expect(staffLogin).toMatchObject({
    status: 200,
    body: { expiresIn: 3600, claims: { kind: 'staff', role: 'bureau-officer', officeCode: '13000', prefecture: '13' } },
  });
  expect(JSON.stringify(staffLogin.body)).not.toContain(PASSWORD.tokyo);
  const tokyo = `Bearer ${staffLogin.body.token}`;
  const osaka = await login(base, 'osaka-officer', PASSWORD.osaka);
  const counter = await login(base, 'shinjuku-counter', PASSWORD.counter);
  const auditor = await login(base, 'hq-auditor', PASSWORD.auditor);
  expect((await http('POST', `${base}/identity/login`, undefined, { login: 'tokyo-officer', password: 'not the password' })).status).toBe(
    401,
  );

  // R-ORG-1 / R-ORG-3: the Tokyo bureau receives a private agency's application (permit number, two offices).
  const permitNumber = permit();
  const submitted = await http('POST', `${base}/registrations`, tokyo, agency(permitNumber));
  expect(submitted).toMatchObject({ status: 201, body: { status: 'submitted' } });
  const registrationId: string = submitted.body.registrationId;
  await eventually(async () => {
    const cases = await http('GET', `${base}/registrations?status=submitted`, tokyo);
    expect(cases.body.items).toContainEqual(
      expect.objectContaining({ registrationId, prefecture: '13', category: 'own', permitNumber, pending: 'application' }),
    );
  }, 30_000);

  // R-ORG-2: an officer of another prefecture neither reads, lists nor decides the case.
  expect(await http('GET', `${base}/registrations/${registrationId}`, osaka)).toMatchObject({ status: 403, body: { rule: 'R-ORG-2' } });
  expect(await http('POST', `${base}/registrations/${registrationId}/approve`, osaka, { adminLogin: `osaka-${run}` })).toMatchObject({
    status: 403,
    body: { rule: 'R-ORG-2' },
  });
  expect(await http('POST', `${base}/registrations/${registrationId}/reject`, osaka, { reason: 'not ours' })).toMatchObject({
    status: 403,
    body: { rule: 'R-ORG-2' },
  });
  expect(
    (await http('GET', `${base}/registrations`, osaka)).body.items.map((r: { registrationId: string }) => r.registrationId),
  ).not.toContain(registrationId);
  expect(await http('POST', `${base}/registrations`, osaka, agency(permit()))).toMatchObject({ status: 403, body: { rule: 'R-ORG-2' } });

  // R-ORG-1: the own bureau approves; the applicant's admin user is created with a one-time code.
  const adminLogin = `admin-${run}`;
  const approved = await http('POST', `${base}/registrations/${registrationId}/approve`, tokyo, { adminLogin });
  expect(approved).toMatchObject({ status: 200, body: { status: 'active', admin: { login: adminLogin } } });
  const [mainOffice, branchOffice] = approved.body.departments as Array<{ departmentId: string; mainOffice?: boolean }>;
  expect(mainOffice.mainOffice).toBe(true);
  // R-ORG-3: a second application for a number with a live registration is refused.
  expect(await http('POST', `${base}/registrations`, tokyo, agency(permitNumber))).toMatchObject({
    status: 409,
    body: { code: 'PERMIT_NUMBER_TAKEN', rule: 'R-ORG-3' },
  });

  // The admin activates, logs in, and holds a token for exactly this one registration.
  const adminPassword = 'admin chosen password';
  expect(
    (
      await http('POST', `${base}/identity/activate`, undefined, {
        login: adminLogin,
        activationCode: approved.body.admin.activationCode,
        password: adminPassword,
      })
    ).status,
  ).toBe(204);
  expect(
    (
      await http('POST', `${base}/identity/activate`, undefined, {
        login: adminLogin,
        activationCode: approved.body.admin.activationCode,
        password: adminPassword,
      })
    ).status,
  ).toBe(401);
  const admin = await login(base, adminLogin, adminPassword);
  const adminClaims = claimsOf(admin.slice('Bearer '.length));
  expect(adminClaims).toMatchObject({
    kind: 'organisation-user',
    registrationId,
    departmentId: mainOffice.departmentId,
    organisationKind: 'private-paid',
    admin: true, // R-REP-1: the administrator files the registration's reports
  });
  expect(Object.keys(adminClaims).sort()).toEqual([
    'admin',
    'departmentId',
    'exp',
    'iat',
    'kind',
    'organisationKind',
    'registrationId',
    'sub',
  ]);
  expect((await http('GET', `${base}/registrations/${registrationId}`, admin)).body).toMatchObject({ registrationId, status: 'active' });

  // The admin creates a user of the branch office (R-ORG-3 offices as units); it activates and logs in.
  const userLogin = `yokohama-${run}`;
  const created = await http('POST', `${base}/registrations/${registrationId}/users`, admin, {
    login: userLogin,
    departmentId: branchOffice.departmentId,
  });
  expect(created).toMatchObject({ status: 201, body: { login: userLogin } });
  expect(
    await http('POST', `${base}/registrations/${registrationId}/users`, admin, { login: `other-${run}`, departmentId: newId() }),
  ).toMatchObject({ status: 422, body: { rule: 'R-ORG-4' } });
  const userPassword = 'branch user password';
  expect(
    (
      await http('POST', `${base}/identity/activate`, undefined, {
        login: userLogin,
        activationCode: created.body.activationCode,
        password: userPassword,
      })
    ).status,
  ).toBe(204);
  const user = await login(base, userLogin, userPassword);
  const userClaims = claimsOf(user.slice('Bearer '.length));
  expect(userClaims).toMatchObject({
    kind: 'organisation-user',
    registrationId,
    departmentId: branchOffice.departmentId,
  });
  expect(userClaims).not.toHaveProperty('admin'); // a department user is no administrator
  // Only the admin creates users.
  expect(
    (
      await http('POST', `${base}/registrations/${registrationId}/users`, user, {
        login: `sneaky-${run}`,
        departmentId: branchOffice.departmentId,
      })
    ).status,
  ).toBe(403);

  // Any principal changes its own password with the old one.
  expect(
    await http('POST', `${base}/identity/password`, user, { oldPassword: 'not my password', newPassword: 'a new branch password' }),
  ).toMatchObject({ status: 401, body: { field: 'oldPassword' } });
  expect(
    (await http('POST', `${base}/identity/password`, user, { oldPassword: userPassword, newPassword: 'a new branch password' })).status,
  ).toBe(204);
  expect((await http('POST', `${base}/identity/login`, undefined, { login: userLogin, password: userPassword })).status).toBe(401);
  await login(base, userLogin, 'a new branch password');

  // Another registration (a local government, R-ORG-4) the organisation users must not reach.
  const other = await http('POST', `${base}/registrations`, tokyo, {
    organisationName: '試験区',
    kind: 'local-government',
    category: 'own',
    localGovernmentCode: '131016',
    departments: [{ name: '産業振興課' }],
    contactOfficer: officer,
    complaintOfficer: officer,
    security,
  });
  // A local government registers once (R-ORG-4): another run on the same database may hold the code.
  const otherId: string = other.status === 201 ? other.body.registrationId : newId();

  // R-SKR-2: counter staff register a seeker; R-SKR-4 the seeker activates, logs in and stops use.
  const seeker = await http('POST', `${base}/seekers`, counter, {
    scope: ['private-agencies', 'local-governments'],
    termsVersion: '2026-04',
    personalData: {
      ...PERSONAL,
      jobSeekerNumber: `13010-${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      birthDate: '1992-05-05',
    },
    appliedOn: new Date().toISOString().slice(0, 10),
    school: { status: 'none' },
    profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time' },
  });
  expect(seeker).toMatchObject({ status: 201, body: { eligible: true } });
  const seekerId: string = seeker.body.seekerId;
  expect(
    (await http('POST', `${base}/identity/seekers/${seekerId}/activation`, tokyo, { reason: 'first login at the counter' })).status,
  ).toBe(403);
  const activation = await http('POST', `${base}/identity/seekers/${seekerId}/activation`, counter, {
    reason: 'first login at the counter',
  });
  expect(activation.status).toBe(201);
  const seekerPassword = 'seeker own password';
  expect(
    (
      await http('POST', `${base}/identity/seekers/activate`, undefined, {
        login: activation.body.login,
        activationCode: activation.body.activationCode,
        password: seekerPassword,
      })
    ).status,
  ).toBe(204);
  const seekerLogin = await http('POST', `${base}/identity/login`, undefined, { login: activation.body.login, password: seekerPassword });
  expect(seekerLogin.body.claims).toEqual({ kind: 'seeker', sub: seekerId });
  const seekerToken = `Bearer ${seekerLogin.body.token}`;
  expect((await http('GET', `${base}/seekers/${seekerId}/personal-data`, seekerToken)).body.personalData).toMatchObject({
    name: PERSONAL.name,
  });
  expect(await http('POST', `${base}/seekers/${seekerId}/stop`, seekerToken)).toMatchObject({ status: 200, body: { status: 'stopped' } });
  expect((await http('GET', `${base}/seekers/${seekerId}`, seekerToken)).body).toMatchObject({ status: 'stopped' });
  // Resuming is done at Hello Work, not by the seeker.
  expect((await http('POST', `${base}/seekers/${seekerId}/resume`, seekerToken)).status).toBe(403);

  if (matching) {
    // Through the bus into matching: the stopped seeker is not found, a second (active) one is, anonymised (R-SKR-4, R-SKR-5).
    const active = await http('POST', `${base}/seekers`, counter, {
      scope: ['private-agencies'],
      termsVersion: '2026-04',
      personalData: {
        ...PERSONAL,
        jobSeekerNumber: `13010-${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        birthDate: '1988-08-08',
      },
      appliedOn: new Date().toISOString().slice(0, 10),
      school: { status: 'none' },
      profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time', selfPr: '事務の経験を活かしたい' },
    });
    expect(active.status).toBe(201);
    const found = await eventually(async () => {
      const response = await http('GET', `${matching}/profiles?prefecture=13`, user);
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(1);
      return response;
    }, 30_000);
    const text = JSON.stringify(found.body);
    expect(text).toContain('事務の経験を活かしたい');
    for (const value of [...Object.values(PERSONAL), seekerId, active.body.seekerId, '1988-08-08']) expect(text).not.toContain(value);
  }

  // An organisation user reaches neither another registration nor any personal data.
  for (const token of [admin, user]) {
    expect(await http('GET', `${base}/registrations/${otherId}`, token)).toMatchObject({ status: 403, body: { rule: 'R-ORG-6' } });
    expect((await http('POST', `${base}/registrations/${otherId}/changes`, token, { contactOfficer: officer })).status).toBe(403);
    expect((await http('GET', `${base}/registrations`, token)).status).toBe(403);
    const reads = [
      await http('GET', `${base}/seekers/${seekerId}`, token),
      await http('GET', `${base}/seekers/${seekerId}/personal-data?purpose=audit`, token),
      await http('POST', `${base}/identity/seekers/${seekerId}/activation`, token, { reason: 'first login at the counter' }),
    ];
    expect(reads.map((r) => r.status)).toEqual([403, 403, 403]);
    for (const value of Object.values(PERSONAL)) expect(JSON.stringify(reads)).not.toContain(value);
  }

  // R-STF-1: the headquarters auditor reads every prefecture's cases and changes nothing.
  await eventually(async () =>
    expect(
      (await http('GET', `${base}/registrations`, auditor)).body.items.map((r: { registrationId: string }) => r.registrationId),
    ).toContain(registrationId),
  );
  const attempts = [
    await http('POST', `${base}/registrations`, auditor, agency(permit())),
    await http('POST', `${base}/registrations/${registrationId}/terminate`, auditor, { reason: 'audit' }),
    await http('POST', `${base}/registrations/${registrationId}/sanctions`, auditor, { reason: 'audit' }),
    await http('POST', `${base}/seekers/${seekerId}/resume`, auditor),
    await http('POST', `${base}/seekers/${seekerId}/erasure`, auditor, { requestReference: 'audit-1' }),
    await http('POST', `${base}/identity/seekers/${seekerId}/activation`, auditor, { reason: 'first login at the counter' }),
  ];
  expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);

  // R-ORG-1: once terminated, the registration signs nobody in any more.
  expect(
    (await http('POST', `${base}/registrations/${registrationId}/terminate`, tokyo, { reason: 'organisation closed' })).body.status,
  ).toBe('terminated');
  expect(await http('POST', `${base}/identity/login`, undefined, { login: adminLogin, password: adminPassword })).toMatchObject({
    status: 422,
    body: { code: 'REGISTRATION_NOT_ACTIVE', rule: 'R-ORG-1' },
  });

  return { registrationId, seekerId };
};

// 3306 is MariaDB's on these machines: reporting takes a free port (0) and says which in its log.
const PORTS = { gateway: 3300, registration: 3301, matching: 3302, messaging: 3303, quota: 3304, complaints: 3305, reporting: 0 };

describe('registration through the launcher (npm start, embedded default)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-registration-e2e-'));
  const env = {
    ...Object.fromEntries(Object.entries(PORTS).map(([s, p]) => [`${s.toUpperCase()}_PORT`, String(p)])),
    DATA_DIR: dataDir,
    STAFF_ACCOUNTS,
  };
  let platform: Started;

  beforeAll(async () => {
    platform = startProcess('apps/launcher/src/main.ts', env);
    for (const port of Object.values(PORTS)) if (port !== 0) await waitForHealth(port, platform, 90_000);
    // reporting (on a port of its own choosing) has started as well: all seven, as with `npm start`.
    // (log lines are JSON since issue 14: the logger's context is a field)
    await eventually(() => expect(platform.output()).toMatch(/"context":"reporting".*listening on/), 30_000);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('R-ORG-1/2/3, R-SKR-4, identity: staff login, a bureau decides its own case, the admin and a department user log in under exactly one registration, a seeker activates and stops use, organisation users reach no other registration and no personal data, the auditor reads only', async () => {
    await lifecycle(`http://127.0.0.1:${PORTS.registration}`, newId().replace(/-/g, '').slice(-8), `http://127.0.0.1:${PORTS.matching}`);
    // Logs carry no personal data and no password.
    const log = platform.output();
    for (const value of [...Object.values(PERSONAL), ...Object.values(PASSWORD)]) expect(log).not.toContain(value);
  }, 120_000);

  it('R-SKR-5 across services: an organisation finds a seeker and messages them; the seeker discloses name and phone at registration; the thread shows it, and the organisation reads exactly those fields', async () => {
    const base = `http://127.0.0.1:${PORTS.registration}`;
    const run = newId().replace(/-/g, '').slice(-8);
    const tokyo = await login(base, 'tokyo-officer', PASSWORD.tokyo);
    const counter = await login(base, 'shinjuku-counter', PASSWORD.counter);
    const submitted = await http('POST', `${base}/registrations`, tokyo, agency(permit()));
    const registrationId: string = submitted.body.registrationId;
    const approved = await http('POST', `${base}/registrations/${registrationId}/approve`, tokyo, { adminLogin: `discloser-${run}` });
    expect(
      (
        await http('POST', `${base}/identity/activate`, undefined, {
          login: `discloser-${run}`,
          activationCode: approved.body.admin.activationCode,
          password: 'agency admin password',
        })
      ).status,
    ).toBe(204);
    const agencyUser = await login(base, `discloser-${run}`, 'agency admin password');

    const seeker = await http('POST', `${base}/seekers`, counter, {
      scope: ['private-agencies'],
      termsVersion: '2026-04',
      personalData: {
        ...PERSONAL,
        jobSeekerNumber: `13010-${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        birthDate: '1990-01-15',
      },
      appliedOn: new Date().toISOString().slice(0, 10),
      school: { status: 'none' },
      profile: { desiredOccupations: ['25'], desiredPrefectures: ['47'], employmentType: 'full-time', selfPr: `開示試験${run}` },
    });
    const seekerId: string = seeker.body.seekerId;
    const activation = await http('POST', `${base}/identity/seekers/${seekerId}/activation`, counter, {
      reason: 'first login at the counter',
    });
    expect(
      (
        await http('POST', `${base}/identity/seekers/activate`, undefined, {
          login: activation.body.login,
          activationCode: activation.body.activationCode,
          password: 'seeker disclosure password',
        })
      ).status,
    ).toBe(204);
    const seekerToken = await login(base, activation.body.login, 'seeker disclosure password');

    // The organisation finds the seeker under its own reference and messages them.
    const reference: string = await eventually(async () => {
      const found = await http(
        'GET',
        `http://127.0.0.1:${PORTS.matching}/profiles?prefecture=47&q=${encodeURIComponent(`開示試験${run}`)}`,
        agencyUser,
      );
      expect(found.body.items).toHaveLength(1);
      return found.body.items[0].reference;
    }, 30_000);
    const sent = await eventually(async () => {
      const response = await http('POST', `http://127.0.0.1:${PORTS.messaging}/messages`, agencyUser, {
        seekerRef: reference,
        kind: 'guidance',
        body: '求人のご案内です',
      });
      expect(response.status).toBe(201);
      return response;
    }, 30_000);

    // Before any disclosure the organisation reads nothing.
    expect((await http('GET', `${base}/disclosures/${reference}`, agencyUser)).status).toBe(403);
    expect(
      (await http('POST', `${base}/seekers/${seekerId}/disclosures`, seekerToken, { registrationId, fields: ['name', 'phone'] })).status,
    ).toBe(201);
    await eventually(async () => {
      const threads = await http('GET', `http://127.0.0.1:${PORTS.messaging}/threads`, agencyUser);
      expect(threads.body.items).toEqual([expect.objectContaining({ threadId: sent.body.threadId, identityDisclosed: true })]);
    }, 30_000);
    const read = await http('GET', `${base}/disclosures/${reference}`, agencyUser);
    expect(read).toMatchObject({
      status: 200,
      body: { fields: ['name', 'phone'], personalData: { name: PERSONAL.name, phone: PERSONAL.phone } },
    });
    expect(Object.keys(read.body.personalData).sort()).toEqual(['name', 'phone']);
    expect(JSON.stringify(read.body)).not.toContain(PERSONAL.email);
  }, 120_000);
});

describeWith(['kafka', 'postgres'], 'registration as its own process on PostgreSQL read models and Kafka', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hw-registration-pg-'));
  const run = newId().replace(/-/g, '').slice(-8);
  const schema = `e2e_reg_${run}_registration`;
  const env = {
    BUS: 'kafka',
    KAFKA_BROKERS: kafkaBrokers().join(','),
    READ_DB: 'postgres',
    DATABASE_URL: postgresUrl(),
    READ_DB_SCHEMA_PREFIX: `e2e_reg_${run}_`,
    DATA_DIR: dataDir,
    REGISTRATION_PORT: String(PORTS.registration),
    STAFF_ACCOUNTS,
  };
  let registration: Started;
  const pg = new Client({ connectionString: postgresUrl() });

  beforeAll(async () => {
    registration = startProcess('apps/registration/src/main.ts', env);
    await waitForHealth(PORTS.registration, registration, 90_000);
    await pg.connect();
  }, 120_000);

  afterAll(async () => {
    await registration?.stop();
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pg.end().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("registration's migrations (credentials, case list, seeker read models) run on PostgreSQL, and the whole lifecycle works there", async () => {
    const tables = await pg.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual(
      expect.arrayContaining([
        'identity_credentials',
        'identity_login_attempts',
        'registration_organisations',
        'registration_seeker_due',
        'registration_seeker_counts',
      ]),
    );

    const { registrationId, seekerId } = await lifecycle(`http://127.0.0.1:${PORTS.registration}`, run);

    // The read models on PostgreSQL hold the case, the credentials (hashes only) and the seeker's due dates and counts.
    await eventually(async () => {
      const row = (
        await pg.query(
          `SELECT status, prefecture, category, pending FROM "${schema}".registration_organisations WHERE registration_id = $1`,
          [registrationId],
        )
      ).rows[0];
      expect(row).toEqual({ status: 'terminated', prefecture: '13', category: 'own', pending: null });
    }, 30_000);
    const credentials = (await pg.query(`SELECT login, kind, password_hash FROM "${schema}".identity_credentials`)).rows as Array<{
      login: string;
      kind: string;
      password_hash: string | null;
    }>;
    expect(credentials.map((c) => c.kind).sort()).toEqual([
      'organisation-user',
      'organisation-user',
      'seeker',
      'staff',
      'staff',
      'staff',
      'staff',
    ]);
    expect(credentials.every((c) => c.password_hash?.startsWith('scrypt$'))).toBe(true);
    await eventually(async () => {
      expect((await pg.query(`SELECT seeker_id FROM "${schema}".registration_seeker_due WHERE seeker_id = $1`, [seekerId])).rowCount).toBe(
        1,
      );
      expect(
        Number(
          (await pg.query(`SELECT SUM(registered) AS n FROM "${schema}".registration_seeker_counts WHERE office_code = '13010'`)).rows[0].n,
        ),
      ).toBe(1);
    }, 30_000);
    // No personal data in any read-model table.
    const dump = [];
    for (const table of tables.rows as Array<{ table_name: string }>)
      dump.push(JSON.stringify((await pg.query(`SELECT * FROM "${schema}"."${table.table_name}"`)).rows));
    for (const value of Object.values(PERSONAL)) expect(dump.join('\n')).not.toContain(value);
  }, 120_000);
});
