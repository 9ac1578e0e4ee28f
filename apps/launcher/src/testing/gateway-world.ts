import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seekerReference } from '@hw/matching/contracts';
import { Clock, newId } from '@hw/platform/core';
import { PrincipalClaims, ServiceName, SERVICES } from '@hw/platform/nest';
import { dropSchema, eventually, HttpAnswer, httpCall, postgresUrl, uniqueSchema } from '@hw/platform/testing';
import { InProcessPlatform, startInProcess } from '../in-process';

/**
 * The world the gateway's suites (the API, the overdue reports, the console in a browser) share:
 * the platform in this process on a temporary directory, staff tokens, calls to the gateway and
 * to the owners, and the applications, seekers and complaints they set up through the real APIs.
 */

const SECRET = 'gateway-suites-secret-of-at-least-thirty-two-characters';
export const OFFICER = { name: '窓口 太郎', department: '総務部', phone: '03-1234-5678', email: 'madoguchi@example.jp' };
/** What the complaining seeker writes (complaints seals it: the gateway never shows it). */
export const COMPLAINT_TEXT = '対応が不誠実';

/** `n` random digits (permit and job-seeker numbers unique within a run). */
export const digits = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');

/** An organisation's application (registration's POST /registrations body) for a prefecture's bureau. */
export const application = (prefecture: string, name = `株式会社ゲートウェイ${digits(4)}`) => ({
  organisationName: name,
  kind: 'private-paid',
  category: 'own',
  permitNumber: `${prefecture}-ユ-${digits(6)}`,
  departments: [{ name: '本社', branchNumber: '0', mainOffice: true }],
  contractors: [],
  contactOfficer: OFFICER,
  complaintOfficer: OFFICER,
  security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
});

/** A seeker a Tokyo counter (13010) registers for private agencies; only `personal` varies. */
export const seekerRegistration = (personal: { name: string; email: string; jobSeekerNumber?: string }) => ({
  scope: ['private-agencies'],
  termsVersion: '2026-04',
  personalData: {
    jobSeekerNumber: personal.jobSeekerNumber ?? `13010-${digits(8)}`,
    name: personal.name,
    birthDate: '1990-04-01',
    address: '東京都千代田区1-1',
    phone: '03-0000-0000',
    email: personal.email,
  },
  appliedOn: new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10),
  school: { status: 'none' },
  profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time' },
});

export interface GatewayWorldOptions {
  /** The temporary directory's prefix. */
  label: string;
  /** The read models' database (default SQLite; PostgreSQL in a schema per service, dropped after). */
  readDb?: 'sqlite' | 'postgres';
  clock?: Clock;
  services?: ServiceName[];
  gatewayEnv?: Record<string, string>;
  /** Set in process.env only while the services start (what a module reads from there: STAFF_ACCOUNTS, …). */
  startEnv?: Record<string, string>;
}

/** Starts the platform before the suite's tests (and stops it after them); tokens and calls against it. */
export const gatewayWorld = (options: GatewayWorldOptions) => {
  const dir = mkdtempSync(join(tmpdir(), `hw-${options.label}-`));
  const schemaPrefix = options.readDb === 'postgres' ? `${uniqueSchema('gw')}_` : '';
  const readModels: Record<string, string> = schemaPrefix
    ? { READ_DB: 'postgres', DATABASE_URL: postgresUrl(), READ_DB_SCHEMA_PREFIX: schemaPrefix }
    : {};
  let started: InProcessPlatform | undefined;

  beforeAll(async () => {
    Object.assign(process.env, options.startEnv);
    try {
      started = await startInProcess(
        { DATA_DIR: dir, AUTH_SECRET: SECRET, POLL_INTERVAL_MS: '10', LOG_LEVEL: 'error', ...readModels },
        { clock: options.clock, services: options.services, gatewayEnv: options.gatewayEnv },
      );
    } finally {
      for (const name of Object.keys(options.startEnv ?? {})) delete process.env[name];
    }
  }, 120_000);
  afterAll(async () => {
    await started?.close();
    rmSync(dir, { recursive: true, force: true });
    if (schemaPrefix) for (const service of SERVICES) await dropSchema(`${schemaPrefix}${service}`);
  });

  const platform = (): InProcessPlatform => {
    if (!started) throw new Error('the platform is not started (use the world inside a test or a later beforeAll)');
    return started;
  };
  const sign = (claims: PrincipalClaims) => `Bearer ${platform().infra.tokens.sign(claims, options.clock?.now() ?? new Date(), 3600)}`;
  const call = (service: ServiceName, method: string, path: string, auth?: string, body?: unknown, headers?: Record<string, string>) =>
    httpCall(method, `${platform().base(service)}${path}`, auth, body, headers);
  const gateway = (method: string, path: string, auth?: string, body?: unknown, headers?: Record<string, string>) =>
    call('gateway', method, path, auth, body, headers);
  // Staff as the gateway's suites sign them: a prefecture's bureau, HQ, an office's desk and counter.
  const bureau = (prefecture: string, sub = `bureau-${prefecture}`) =>
    sign({ kind: 'staff', sub, role: 'bureau-officer', officeCode: `${prefecture}000`, prefecture });
  const hq = () => sign({ kind: 'staff', sub: 'hq-1', role: 'hq-auditor' });
  const desk = (officeCode: string, sub = `desk-${officeCode.slice(0, 2)}`) =>
    sign({ kind: 'staff', sub, role: 'complaint-desk', officeCode });
  const counter = (officeCode = '13010') => sign({ kind: 'staff', sub: `counter-${officeCode.slice(0, 2)}`, role: 'counter', officeCode });
  /** A user of an approved registration's department (its admin's department: departments[0] of the approval). */
  const organisation = (registrationId: string, departmentId: string, sub = 'org-user') =>
    sign({ kind: 'organisation-user', sub, registrationId, departmentId, organisationKind: 'private-paid' });

  /** Files an application through the gateway for the prefecture's bureau (the answer, unchecked). */
  const file = (prefecture: string, name?: string, auth = bureau(prefecture)) =>
    gateway('POST', '/api/registrations', auth, application(prefecture, name));
  /** A bureau approves an application through the gateway (the answer, unchecked: its body holds the departments and the admin). */
  const approve = (registrationId: string, auth: string) =>
    gateway('POST', `/api/registrations/${registrationId}/approve`, auth, { adminLogin: `gw-admin-${newId().slice(-12)}` });

  /**
   * A seeker of an approved registration, sent a message by it, complains to the Tokyo desk
   * (13010) and escalates the complaint there (R-CMP-1, R-CMP-2), all through the owners' APIs.
   */
  const escalatedComplaint = async (approved: HttpAnswer, seeker: { name: string; email: string }) => {
    const registrationId: string = approved.body.registrationId;
    const org = organisation(registrationId, approved.body.departments[0].departmentId);
    const registered = await call('registration', 'POST', '/seekers', counter(), seekerRegistration(seeker));
    expect(registered.status).toBe(201);
    const seekerToken = sign({ kind: 'seeker', sub: registered.body.seekerId });
    const seekerRef = seekerReference(platform().infra.config.seekerReferenceSecret, registrationId, registered.body.seekerId);
    await eventually(async () =>
      expect((await call('messaging', 'POST', '/messages', org, { seekerRef, kind: 'guidance', body: 'ご案内です' })).status).toBe(201),
    );
    const complaint = await eventually(async () => {
      const answer = await call('complaints', 'POST', '/complaints', seekerToken, {
        registrationId,
        category: 'conduct',
        text: COMPLAINT_TEXT,
        officeCode: '13010',
      });
      expect(answer.status).toBe(201);
      return answer;
    });
    const complaintId: string = complaint.body.complaintId;
    const escalated = await call('complaints', 'POST', `/complaints/${complaintId}/escalation`, seekerToken, {
      reason: 'not-satisfied',
      text: '納得できない',
    });
    expect(escalated.status).toBeLessThan(300);
    return complaintId;
  };

  return { platform, sign, call, gateway, bureau, hq, desk, counter, organisation, file, approve, escalatedComplaint };
};
