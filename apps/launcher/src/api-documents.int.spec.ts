import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import {
  baseUrlOf,
  createHttpApp,
  DOCS,
  Infrastructure,
  loadConfig,
  openApiDocument,
  registeredRoutes,
  RegisteredRoute,
  serveDocs,
  ServiceName,
} from '@hw/platform/nest';
import { eventually } from '@hw/platform/testing';
import { ALL_SERVICES } from './services';

/**
 * Issue 15, "API documents complete": every registered route of every service (read from Nest's
 * route metadata, not from the document) against the OpenAPI document the service serves. A
 * route fails when its document lacks it, its summary, a path parameter, its request body's
 * schema, a status the platform answers on it (400 for every route with input, 401 and 403 for
 * every route that is not public) or a schema for an error status; and a document fails when a
 * header has two spellings. The pages link their JSON and YAML.
 */

interface Operation {
  summary?: string;
  operationId?: string;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

const services: Array<{ name: ServiceName; app: INestApplication; doc: OpenAPIObject; routes: RegisteredRoute[] }> = [];
let infra: Infrastructure;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hw-api-docs-'));
  infra = await Infrastructure.create(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'error' }));
  for (const [name, module] of ALL_SERVICES) {
    const app = await createHttpApp(module(infra), { logger: false });
    await app.init();
    services.push({ name, app, doc: openApiDocument(app, name), routes: registeredRoutes(app) });
  }
}, 60_000);

afterAll(async () => {
  for (const { app } of services) await app.close();
  await infra?.close();
  rmSync(dir, { recursive: true, force: true });
});

const operationOf = (doc: OpenAPIObject, route: RegisteredRoute): Operation | undefined =>
  (doc.paths[route.path] as Record<string, Operation> | undefined)?.[route.method];

/** What is missing from one route's document, in words (empty: complete). */
const gapsOf = (doc: OpenAPIObject, route: RegisteredRoute): string[] => {
  const operation = operationOf(doc, route);
  if (!operation) return ['not in the document'];
  const gaps: string[] = [];
  if (!operation.summary?.trim()) gaps.push('no summary');
  const params = operation.parameters ?? [];
  for (const name of route.pathParams) if (!params.some((p) => p.in === 'path' && p.name === name)) gaps.push(`path parameter ${name}`);
  if (route.hasBody && !operation.requestBody?.content?.['application/json']?.schema) gaps.push('no request schema');
  const responses = operation.responses ?? {};
  const wanted = [...(route.hasInput ? ['400'] : []), ...(route.isPublic ? [] : ['401', '403'])];
  for (const status of wanted) if (!responses[status]) gaps.push(`no ${status}`);
  if (!Object.keys(responses).some((s) => s.startsWith('2'))) gaps.push('no success status');
  for (const [status, response] of Object.entries(responses)) {
    if (!response.description?.trim() && !response.content) gaps.push(`${status} with neither a description nor a schema`);
    if (Number(status) >= 400 && !response.content) gaps.push(`${status} without a schema`);
  }
  return gaps;
};

describe('API documents (issue 15)', () => {
  it('every service has registered routes, and every one of them is in its document with a summary, its path parameters, its request schema, 400 when it has input, 401/403 when it is not public, and a schema for every error status', () => {
    const gaps: string[] = [];
    for (const { name, doc, routes } of services) {
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes)
        for (const gap of gapsOf(doc, route)) gaps.push(`${name} ${route.method.toUpperCase()} ${route.path}: ${gap}`);
    }
    expect(gaps).toEqual([]);
  });

  it('the check can fail: a route without a summary, without 401/403 and without a 400 for its path parameter is reported', () => {
    const route: RegisteredRoute = {
      method: 'get',
      path: '/x/{id}',
      operationId: 'X_get',
      isPublic: false,
      hasInput: true,
      hasBody: false,
      pathParams: ['id'],
    };
    const doc = { paths: { '/x/{id}': { get: { responses: { '200': { description: 'ok' } } } } } } as unknown as OpenAPIObject;
    expect(gapsOf(doc, route)).toEqual(['no summary', 'path parameter id', 'no 400', 'no 401', 'no 403']);
  });

  it('a header is spelled one way in every document, and the bearer token is the security scheme, not a header parameter', () => {
    const spellings = new Map<string, Set<string>>();
    const problems: string[] = [];
    for (const { name, doc } of services)
      for (const [path, item] of Object.entries(doc.paths))
        for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
          const headers = (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
          if (new Set(headers.map((h) => h.toLowerCase())).size !== headers.length)
            problems.push(`${name} ${method} ${path}: a header twice`);
          for (const header of headers) {
            if (header.toLowerCase() === 'authorization') problems.push(`${name} ${method} ${path}: authorization as a parameter`);
            spellings.set(header.toLowerCase(), (spellings.get(header.toLowerCase()) ?? new Set()).add(header));
          }
        }
    for (const [header, names] of spellings) if (names.size > 1) problems.push(`${header} spelled ${[...names].join(' and ')}`);
    expect(problems).toEqual([]);
  });

  it("each service's page links its JSON and YAML document, and both are served", async () => {
    for (const { doc } of services) {
      expect(doc.info.description).toContain(`](${DOCS.json})`);
      expect(doc.info.description).toContain(`](${DOCS.yaml})`);
    }
    // One service served as startService serves it: the page, the JSON and the YAML agree.
    const [name, module] = ALL_SERVICES.find(([n]) => n === 'quota') as (typeof ALL_SERVICES)[number];
    const app = await createHttpApp(module(infra), { logger: false });
    serveDocs(app, name);
    await app.listen(0, '127.0.0.1');
    try {
      const base = baseUrlOf(app);
      const page = await fetch(`${base}${DOCS.page}`);
      expect(page.status).toBe(200);
      const json = (await (await fetch(`${base}${DOCS.json}`)).json()) as OpenAPIObject;
      const yaml = parseYaml(await (await fetch(`${base}${DOCS.yaml}`)).text()) as OpenAPIObject;
      expect(json.info.title).toBe('hellowork quota');
      expect(yaml).toEqual(json);
    } finally {
      await app.close();
    }
  });

  it("registration's documented response schemas hold for its real answers: an application, its approval, the registration, its cases, a user, an officer version, a seeker", async () => {
    const { app, doc } = services.find((s) => s.name === 'registration') as (typeof services)[number];
    const fastify = (
      app as unknown as { getHttpAdapter(): { getInstance(): { inject(o: object): Promise<{ statusCode: number; body: string }> } } }
    )
      .getHttpAdapter()
      .getInstance();
    const token = (claims: object) => `Bearer ${infra.tokens.sign(claims as never, infra.clock.now())}`;
    const bureau = token({ kind: 'staff', sub: 'docs-bureau', role: 'bureau-officer', officeCode: '13000', prefecture: '13' });
    const counter = token({ kind: 'staff', sub: 'docs-counter', role: 'counter', officeCode: '13010', prefecture: '13' });
    const ajv = new Ajv({
      strict: false,
      allErrors: true,
      formats: { uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i },
    });
    ajv.addSchema({ components: doc.components }, 'doc');
    const problems: string[] = [];
    const check = async (method: string, path: string, template: string, auth: string, payload?: unknown) => {
      const answer = await fastify.inject({ method, url: path, headers: { authorization: auth }, ...(payload ? { payload } : {}) });
      const response = (doc.paths[template] as Record<string, Operation>)[method.toLowerCase()].responses?.[String(answer.statusCode)];
      const schema = response?.content?.['application/json']?.schema as Record<string, unknown> | undefined;
      if (!schema) {
        problems.push(`${method} ${template}: ${answer.statusCode} has no documented schema`);
        return JSON.parse(answer.body) as Record<string, unknown>;
      }
      const refd = JSON.parse(JSON.stringify(schema).replace(/"#\/components/g, '"doc#/components'));
      const body = JSON.parse(answer.body) as Record<string, unknown>;
      if (!ajv.validate(refd, body)) problems.push(`${method} ${template} ${answer.statusCode}: ${ajv.errorsText()}`);
      return body;
    };
    const officer = { name: '苦情 太郎', department: '法務部', phone: '03-1234-0000', email: 'kujo@example.jp' };
    const submitted = await check('POST', '/registrations', '/registrations', bureau, {
      organisationName: '株式会社文書確認',
      kind: 'private-paid',
      category: 'own',
      permitNumber: '13-ユ-424242',
      departments: [{ name: '本社', branchNumber: '0', mainOffice: true }],
      contactOfficer: officer,
      complaintOfficer: officer,
      security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
    });
    const id = submitted.registrationId as string;
    const approved = await check('POST', `/registrations/${id}/approve`, '/registrations/{registrationId}/approve', bureau, {
      adminLogin: 'docs-admin',
    });
    await check('GET', `/registrations/${id}`, '/registrations/{registrationId}', bureau);
    await check('GET', `/registrations/${id}/complaint-officer/1`, '/registrations/{registrationId}/complaint-officer/{version}', bureau);
    await check('GET', `/registrations/${id}/complaint-officer/2`, '/registrations/{registrationId}/complaint-officer/{version}', bureau);
    const admin = token({
      kind: 'organisation-user',
      sub: (approved.admin as { userId: string }).userId,
      registrationId: id,
      departmentId: (approved.departments as Array<{ departmentId: string }>)[0].departmentId,
      organisationKind: 'private-paid',
    });
    await check('POST', `/registrations/${id}/users`, '/registrations/{registrationId}/users', admin, {
      login: 'docs-user',
      departmentId: (approved.departments as Array<{ departmentId: string }>)[0].departmentId,
    });
    await check('POST', `/registrations/${id}/changes`, '/registrations/{registrationId}/changes', admin, {
      complaintOfficer: { ...officer, name: '苦情 次郎' },
    });
    const seeker = await check('POST', '/seekers', '/seekers', counter, {
      scope: ['private-agencies'],
      termsVersion: '2026-04',
      appliedOn: '2026-04-01',
      school: { status: 'none' },
      personalData: {
        jobSeekerNumber: '13010-42424242',
        name: '文書 確認',
        birthDate: '1990-04-01',
        address: '東京都',
        phone: '090-0000-0000',
        email: 'docs@example.jp',
      },
      profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time', selfPr: '確認用' },
    });
    await check('GET', `/seekers/${seeker.seekerId as string}`, '/seekers/{seekerId}', counter);
    await eventually(async () => {
      const cases = await check('GET', '/registrations', '/registrations', bureau);
      expect((cases.items as unknown[]).length).toBeGreaterThan(0);
    });
    expect(problems).toEqual([]);
  });
});
