import 'reflect-metadata';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject } from '@nestjs/swagger';
import { newId, tokyoDay } from '@hw/platform/core';
import { seekerReference } from '@hw/matching/contracts';
import {
  accessOf,
  Allowed,
  BackgroundWork,
  baseUrlOf,
  createHttpApp,
  Infrastructure,
  loadConfig,
  openApiDocument,
  PrincipalClaims,
  ServiceName,
} from '@hw/platform/nest';
import { eventually } from '@hw/platform/testing';
import { GatewayServiceModule, ownerUrlSettings } from '@hw/gateway/application';
import { ALL_SERVICES } from '../../apps/launcher/src/services';
import { casesOf, Expected, FuzzCase, MARK, OMIT, Operation, operationsOf, seeded } from './fuzz-corpus';

const SECRET = 'fuzz-secret-of-at-least-thirty-two-characters!';

export interface Answer {
  status: number;
  text: string;
  json?: Record<string, unknown>;
}

export interface FuzzRun {
  counts: Record<string, number>;
  /** Cases whose answer broke a rule: a 5xx, a 400 naming neither field nor rule, a 4xx echoing input. */
  failures: string[];
  /** The answers to each operation's base request (authorised), by operationId. */
  bases: Record<string, number>;
  requests: number;
  /** Path parameters of a route its OpenAPI document does not describe. */
  undocumented: string[];
  /** Services whose projections, relay or inbox consumers did not catch up with the log after the corpus. */
  stalled: string[];
  /** Statuses a route answered that its OpenAPI document does not list (issue 15), `service METHOD path: status`. */
  undocumentedStatuses: string[];
}

interface Service {
  name: ServiceName;
  app: NestFastifyApplication;
  doc: OpenAPIObject;
  base: string;
}

const NO_ANSWER = 'no answer within 5 s';
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** Raw HTTP (node:http): the path goes out byte for byte, as an attacker sends it. */
export const send = async (base: string, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> => {
  const answer = await sendOnce(base, method, path, headers, body, agent);
  // Node's parser answers an oversized request line (431) and closes; a request racing that
  // close on a kept-alive socket is reset before its answer: it is sent again, alone.
  return answer.status === 0 && !answer.text.includes(NO_ANSWER) ? sendOnce(base, method, path, headers, body, false) : answer;
};

const sendOnce = (
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  via: Agent | false,
): Promise<Answer> =>
  new Promise((resolve) => {
    const url = new URL(base);
    let answered = false;
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent: via,
        headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    // The server may answer (413) and close before the whole body is written: the answer counts.
    req.setTimeout(5_000, () => req.destroy(new Error(NO_ANSWER)));
    req.on('error', (error) => {
      if (!answered) resolve({ status: 0, text: `connection error: ${(error as Error).message}` });
    });
    req.end(body);
  });

/** The rules every answer keeps (issue 8): never a 5xx; a 400 names its field or rule; a refusal never echoes input. */
export const problemOf = (answer: Answer): string | undefined => {
  if (answer.status >= 500 || answer.status === 0) return `${answer.status} ${answer.text.slice(0, 200)}`;
  if (answer.status === 400) {
    const { field, rule } = answer.json ?? {};
    if (!(typeof field === 'string' && field) && !(typeof rule === 'string' && rule))
      return `400 naming neither field nor rule: ${answer.text.slice(0, 200)}`;
  }
  if (answer.status >= 400 && answer.text.includes(MARK)) return `${answer.status} echoes the input`;
  return undefined;
};

const mismatchOf = (answer: Answer, expected: Expected): string | undefined => {
  const got = { status: answer.status, field: answer.json?.field, rule: answer.json?.rule };
  const wrong =
    got.status !== expected.status ||
    (expected.field !== undefined && got.field !== expected.field) ||
    (expected.rule !== undefined && got.rule !== expected.rule);
  return wrong ? `expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}` : undefined;
};

/** Controller classes by name: operationIds are `<Controller>_<method>`. */
const controllersOf = (app: NestFastifyApplication): Map<string, { name: string; prototype: Record<string, object> }> => {
  const byName = new Map<string, { name: string; prototype: Record<string, object> }>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values())
      if (wrapper.metatype)
        byName.set(wrapper.metatype.name, wrapper.metatype as unknown as { name: string; prototype: Record<string, object> });
  return byName;
};

/**
 * Every service of the platform in this process, as the launcher starts them (createHttpApp,
 * the same modules), on a SQLite log under a temp dir and the given read models; the fuzz
 * corpus of every operation of every OpenAPI document, each case with a token of a principal
 * the route allows and without one. The budget only bounds a hung run: alone the corpus takes
 * about 40 s, but two of them beside the rest of the suite on a loaded 2-core machine took over 120 s.
 */
export const runFuzz = async (env: Record<string, string>, seed = 8, budgetMs = 200_000): Promise<FuzzRun> => {
  const deadline = Date.now() + budgetMs;
  const dir = mkdtempSync(join(tmpdir(), 'hw-fuzz-'));
  const infra = await Infrastructure.create(
    loadConfig({ DATA_DIR: dir, AUTH_SECRET: SECRET, LOG_LEVEL: 'error', POLL_INTERVAL_MS: '20', ...env }),
  );
  const services: Service[] = [];
  const run: FuzzRun = { counts: {}, failures: [], bases: {}, requests: 0, stalled: [], undocumented: [], undocumentedStatuses: [] };
  try {
    for (const [name, module] of ALL_SERVICES) {
      // The gateway forwards to where the owners listen (port 0 here).
      const bases = ownerUrlSettings(Object.fromEntries(services.map((s) => [s.name, s.base])));
      const app = await createHttpApp(
        name === 'gateway' ? GatewayServiceModule.register(infra, { ...process.env, ...bases }) : module(infra),
        {
          logger: false,
        },
      );
      const doc = openApiDocument(app, name);
      await app.listen(0, '127.0.0.1');
      services.push({ name, app, doc, base: baseUrlOf(app) });
    }
    for (const { app } of services) await app.get(BackgroundWork, { strict: false }).startRelay();
    const registration = services.find((s) => s.name === 'registration') as Service;
    const messaging = services.find((s) => s.name === 'messaging') as Service;

    const token = (claims: PrincipalClaims) => `Bearer ${infra.tokens.sign(claims, new Date(), 3600)}`;
    const staff = (role: string) =>
      token({ kind: 'staff', sub: `fuzz-${role}`, role, officeCode: '13010', prefecture: '13' } as PrincipalClaims);
    const call = async (service: Service, method: string, path: string, auth: string, body?: unknown) =>
      send(
        service.base,
        method,
        path,
        { authorization: auth, 'content-type': 'application/json' },
        body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      );

    // The run's own registration (active) and seeker, so base requests reach the read models.
    const serial = String(Math.floor(seeded(seed)() * 1e8)).padStart(8, '0');
    const application = {
      organisationName: 'ファズ職業紹介',
      kind: 'private-paid',
      category: 'own',
      permitNumber: `13-ユ-${serial.slice(0, 6)}`,
      departments: [{ name: '本社', branchNumber: '1', mainOffice: true }],
      contractors: [],
      contactOfficer: { name: '連絡 太郎', department: '総務', phone: '03-1234-5678', email: 'contact@example.jp' },
      complaintOfficer: { name: '苦情 花子', department: '総務', phone: '03-1234-5679', email: 'complaints@example.jp' },
      security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
    };
    const submitted = await call(registration, 'POST', '/registrations', staff('bureau-officer'), application);
    if (submitted.status !== 201) throw new Error(`fuzz set-up: application answered ${submitted.status} ${submitted.text}`);
    const registrationId = submitted.json?.registrationId as string;
    const approved = await call(registration, 'POST', `/registrations/${registrationId}/approve`, staff('bureau-officer'), {
      adminLogin: `fuzz-admin-${serial}`,
    });
    if (approved.status !== 200) throw new Error(`fuzz set-up: approval answered ${approved.status} ${approved.text}`);
    const departmentId = ((approved.json?.departments as Array<{ departmentId: string }>) ?? [])[0].departmentId;
    const today = tokyoDay(new Date());
    const appliedOn = `${today.slice(0, 4)}-${today.slice(4, 6)}-${today.slice(6, 8)}`;
    const profile = {
      desiredOccupations: ['25'],
      desiredPrefectures: ['13'],
      employmentType: 'full-time',
      desiredWage: { amount: 250000, per: 'month' },
      qualifications: ['介護福祉士'],
      workHistory: [{ occupation: '25', years: 3 }],
      selfPr: '介護の仕事を探しています 😀',
    };
    const personalData = (n: string) => ({
      jobSeekerNumber: `13010-${n}`,
      name: '山田 太郎',
      birthDate: '1990-04-01',
      address: '東京都千代田区',
      phone: '03-1234-5678',
      email: 'seeker@example.jp',
    });
    const seeker = await call(registration, 'POST', '/seekers', staff('counter'), {
      scope: ['private-agencies', 'local-governments'],
      termsVersion: '2026-04',
      personalData: personalData(serial),
      appliedOn,
      school: { status: 'none' },
      profile,
    });
    const seekerId = seeker.json?.seekerId as string;
    if (seeker.status !== 201) throw new Error(`fuzz set-up: seeker registration answered ${seeker.status} ${seeker.text}`);
    const org = token({ kind: 'organisation-user', sub: 'fuzz-user', registrationId, departmentId, organisationKind: 'private-paid' });
    const seekerRef = seekerReference(SECRET, registrationId, seekerId);
    const first = await eventually(async () => {
      const sent = await call(messaging, 'POST', '/messages', org, { seekerRef, kind: 'guidance', body: 'はじめまして' });
      if (sent.status !== 201) throw new Error(`first message: ${sent.status}`);
      return sent;
    }, 30_000);
    const threadId = first.json?.threadId as string;

    const principal = (allowed: Allowed): string => {
      if (allowed === 'seeker') return token({ kind: 'seeker', sub: seekerId });
      if (allowed === 'organisation-user') return org;
      return staff(allowed.slice('staff:'.length));
    };
    const pathValues: Record<string, string> = { seekerId, registrationId, threadId, seekerRef, changeId: newId(), version: '1' };
    let counter = 0;
    const overrides = {
      jobSeekerNumber: `13010-${String(++counter).padStart(8, '0')}`,
      name: '山田 太郎',
      nameKana: OMIT,
      address: '東京都千代田区',
      phone: '03-1234-5678',
      email: 'fuzz@example.jp',
      department: '総務課',
      organisationName: 'ファズ職業紹介',
      branchNumber: '2',
      mainOffice: true,
      localGovernmentCode: OMIT,
      graduationDate: OMIT,
      schoolKind: OMIT,
      desiredMunicipalities: OMIT,
      qualifications: ['介護福祉士'],
      educationLevel: 'university',
      workHistory: [{ occupation: '25', years: 3 }],
      selfPr: '介護の仕事を探しています 😀\n改行も',
      perWeek: 40,
      amount: 250000,
      registrationId,
      seekerRef,
      departmentId,
      login: 'fuzz.user',
      adminLogin: `fuzz-admin2-${serial}`,
      password: 'correct-horse-battery',
      oldPassword: 'correct-horse-battery',
      newPassword: 'correct-horse-battery-2',
      activationCode: 'ABCDEFGHIJ',
      requestReference: 'req-1',
      reason: '利用者からの申出 😀',
      until: '2027-01-01T00:00:00.000Z',
      price: 1000,
      body: 'ご案内です 😀\n改行\tタブ',
      fields: ['email'],
      removeContractorIds: OMIT,
      addDepartments: OMIT,
      addContractors: OMIT,
      contractors: [],
      departments: [{ name: '支店', mainOffice: false }],
      admin: false,
      termsVersion: '2026-04',
      appliedOn,
    };

    // Destructive operations last, so the others meet a live seeker and registration.
    const destructive = /erase|stop|terminate|placement|reject|Suspension|sanction|approve/i;
    const order = ['matching', 'messaging', 'quota', 'complaints', 'reporting', 'gateway', 'registration'];
    const operations: Array<Operation & { svc: Service }> = order
      .map((name) => services.find((s) => s.name === name) as Service)
      .flatMap((svc) => operationsOf(svc.name, svc.doc).map((op) => ({ ...op, svc })));
    operations.sort((a, b) => Number(destructive.test(a.operationId)) - Number(destructive.test(b.operationId)));

    let opIndex = 0;
    for (const op of operations) {
      for (const name of [...op.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))
        if (!op.pathParams.includes(name)) run.undocumented.push(`${op.service} ${op.method} ${op.template}: ${name}`);
      const [controllerName, method] = op.operationId.split('_');
      const controller = controllersOf(op.svc.app).get(controllerName);
      const handler = controller?.prototype[method];
      if (!controller || !handler) throw new Error(`no handler for ${op.operationId}`);
      const access = accessOf(handler, controller);
      const auth = access.isPublic ? undefined : principal(access.allowed[0]);
      const cases: FuzzCase[] = casesOf(op.svc.doc, op, pathValues, overrides, seed * 1000 + opIndex++);
      if (Date.now() > deadline) {
        run.failures.push(`the corpus did not finish within ${budgetMs} ms: stopped before ${op.operationId}`);
        break;
      }
      for (const c of cases) {
        for (const withToken of auth ? [true, false] : [false]) {
          const headers: Record<string, string> = {};
          if (c.contentType) headers['content-type'] = c.contentType;
          if (withToken && auth) headers.authorization = auth;
          const answer = await send(op.svc.base, c.method, c.path, headers, c.body);
          run.requests++;
          const bucket = answer.status >= 500 ? '5xx' : answer.status < 300 ? '2xx' : String(answer.status);
          run.counts[bucket] = (run.counts[bucket] ?? 0) + 1;
          const expected = c.expected ?? (withToken ? c.expectedWithToken : undefined);
          const problem = problemOf(answer) ?? (expected ? mismatchOf(answer, expected) : undefined);
          if (problem)
            run.failures.push(`${op.service} ${c.method} ${op.template} [${c.label}${withToken ? '' : ', no token'}]: ${problem}`);
          if (c.label === 'base' && (withToken || !auth)) run.bases[op.operationId] = answer.status;
          const documented = (op.svc.doc.paths[op.template] as Record<string, { responses?: Record<string, unknown> }> | undefined)?.[
            c.method.toLowerCase()
          ]?.responses;
          const entry = `${op.service} ${c.method} ${op.template}: ${answer.status}`;
          if (answer.status >= 400 && !documented?.[String(answer.status)] && !run.undocumentedStatuses.includes(entry))
            run.undocumentedStatuses.push(entry);
        }
      }
    }

    // No accepted text may stall a projection, a relay or (through the relay) an inbox consumer.
    await Promise.all(
      services.map(({ name, app }) => {
        const work = app.get(BackgroundWork, { strict: false });
        // caughtUp waits on the runner, which a failing batch keeps retrying: each attempt is bounded.
        const attempt = () =>
          Promise.race([
            work.caughtUp(),
            new Promise((_, reject) => setTimeout(() => reject(new Error('not caught up within 5 s')), 5_000).unref()),
          ]);
        return eventually(attempt, 30_000).catch((error: Error) => run.stalled.push(`${name}: ${error.message}`));
      }),
    );
    return run;
  } finally {
    // A stalled runner can hold its app's shutdown (a relay's publish waiting on a failing consumer): bounded.
    const within = async (work: Promise<unknown>, what: string) => {
      const late = Symbol('late');
      const outcome = await Promise.race([
        work.catch(() => undefined),
        new Promise((resolve) => setTimeout(() => resolve(late), 10_000).unref()),
      ]);
      if (outcome === late) run.stalled.push(`${what}: did not close within 10 s`);
    };
    for (const { name, app } of services.reverse()) await within(app.close(), name);
    await within(infra.close(), 'infrastructure');
    rmSync(dir, { recursive: true, force: true });
  }
};
