import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@hw/platform/core';
import { seekerReference } from '@hw/matching/contracts';
import { threadIdOf } from '@hw/messaging/contracts';
import { BackgroundWork, Infrastructure, loadConfig, PrincipalClaims, ServiceName, startService } from '@hw/platform/nest';
import { eventually, httpCall } from '@hw/platform/testing';
import { GatewayServiceModule, ownerUrlSettings } from '@hw/gateway/application';
import { ALL_SERVICES } from './services';
import { application, OFFICER } from './testing/gateway-world';

/**
 * The authorisation matrix: every route of every service — as the services' own
 * OpenAPI documents list them — called by every kind of principal, against the expected answer
 * written below. A = passed the guard and the handler's authority checks (2xx, or a 400/404/409/
 * 422/429 about the input or the state); D = denied (401/403). A 5xx fails the cell. A route
 * without a row fails the test (deny by default): the table must be extended with every new
 * route, and a reviewer sees who may call it.
 *
 * All seven services run in this process on the embedded default (SQLite log and read models in
 * a temp directory, in-process bus), each on a free port, as the launcher starts them.
 * Rows run in the table's order: the few that change what later rows see (suspension,
 * termination, placement) come late; erasure acts on a seeker registered for that cell.
 */
const COLUMNS = [
  'anonymous',
  'seekerA',
  'seekerB',
  'orgA',
  'orgB',
  'counter13',
  'counter27',
  'desk13',
  'bureau13',
  'bureau27',
  'auditor',
] as const;
type Column = (typeof COLUMNS)[number];

// prettier-ignore
const MATRIX: Array<[service: ServiceName, route: string, cells: string]> = [
  //                                                                       anon sA sB oA oB c13 c27 d13 b13 b27 hq
  ['registration', 'GET /health',                                           'A  A  A  A  A  A   A   A   A   A   A'],
  ['registration', 'GET /health/ready',                                     'A  A  A  A  A  A   A   A   A   A   A'],
  ['registration', 'GET /health/live',                                      'A  A  A  A  A  A   A   A   A   A   A'],
  ['registration', 'GET /metrics',                                          'A  A  A  A  A  A   A   A   A   A   A'],
  ['registration', 'POST /identity/login',                                  'A  A  A  A  A  A   A   A   A   A   A'],
  ['registration', 'POST /identity/activate',                               'A  A  A  A  A  A   A   A   A   A   A'],
  ['registration', 'POST /identity/seekers/activate',                       'A  A  A  A  A  A   A   A   A   A   A'],
  ['registration', 'POST /identity/password',                               'D  A  A  A  A  A   A   A   A   A   A'],
  ['registration', 'POST /identity/seekers/{seekerId}/activation',          'D  D  D  D  D  A   D   D   D   D   D'],
  ['registration', 'POST /seekers',                                         'D  D  D  D  D  A   A   D   D   D   D'],
  ['registration', 'GET /seekers/{seekerId}',                               'D  A  D  D  D  A   D   A   D   D   A'],
  ['registration', 'GET /seekers/{seekerId}/personal-data',                 'D  A  D  D  D  A   D   A   D   D   A'],
  ['registration', 'PATCH /seekers/{seekerId}/profile',                     'D  D  D  D  D  A   D   D   D   D   D'],
  ['registration', 'PUT /seekers/{seekerId}/scope',                         'D  D  D  D  D  A   D   D   D   D   D'],
  ['registration', 'PUT /seekers/{seekerId}/school',                        'D  D  D  D  D  A   D   D   D   D   D'],
  ['registration', 'PUT /seekers/{seekerId}/personal-data',                 'D  D  D  D  D  A   D   D   D   D   D'],
  ['registration', 'POST /seekers/{seekerId}/activity',                     'D  D  D  D  D  A   D   D   D   D   D'],
  ['registration', 'POST /seekers/{seekerId}/disclosures',                  'D  A  D  D  D  D   D   D   D   D   D'],
  ['registration', 'GET /disclosures/{seekerRef}',                          'D  D  D  A  A  D   D   D   D   D   D'],
  ['registration', 'DELETE /seekers/{seekerId}/disclosures/{registrationId}', 'D  A  D  D  D  D   D   D   D   D   D'],
  ['registration', 'POST /seekers/{seekerId}/blocks',                       'D  A  D  D  D  D   D   D   D   D   D'],
  ['registration', 'DELETE /seekers/{seekerId}/blocks/{registrationId}',    'D  A  D  D  D  D   D   D   D   D   D'],
  ['registration', 'POST /seekers/{seekerId}/stop',                         'D  A  D  D  D  D   D   D   D   D   D'],
  ['registration', 'POST /seekers/{seekerId}/resume',                       'D  D  D  D  D  A   D   D   D   D   D'],
  ['registration', 'POST /registrations',                                   'D  D  D  D  D  D   D   D   A   D   D'],
  ['registration', 'GET /registrations',                                    'D  D  D  D  D  D   D   D   A   A   A'],
  ['registration', 'GET /registrations/{registrationId}',                   'D  D  D  A  D  D   D   D   A   D   A'],
  ['registration', 'GET /registrations/{registrationId}/complaint-officer/{version}', 'D  A  D  A  D  D   D   D   A   D   A'],
  ['registration', 'POST /registrations/{registrationId}/approve',          'D  D  D  D  D  D   D   D   A   D   D'],
  ['registration', 'POST /registrations/{registrationId}/reject',           'D  D  D  D  D  D   D   D   A   D   D'],
  ['registration', 'POST /registrations/{registrationId}/changes',          'D  D  D  A  D  D   D   D   D   D   D'],
  ['registration', 'POST /registrations/{registrationId}/changes/{changeId}/approve', 'D  D  D  D  D  D   D   D   A   D   D'],
  ['registration', 'POST /registrations/{registrationId}/changes/{changeId}/reject',  'D  D  D  D  D  D   D   D   A   D   D'],
  ['registration', 'POST /registrations/{registrationId}/renewal',          'D  D  D  A  D  D   D   D   D   D   D'],
  ['registration', 'POST /registrations/{registrationId}/renewal/approve',  'D  D  D  D  D  D   D   D   A   D   D'],
  ['registration', 'POST /registrations/{registrationId}/renewal/reject',   'D  D  D  D  D  D   D   D   A   D   D'],
  ['registration', 'POST /registrations/{registrationId}/paid-service-notifications', 'D  D  D  A  D  D   D   D   D   D   D'],
  ['registration', 'POST /registrations/{registrationId}/users',            'D  D  D  A  D  D   D   D   D   D   D'],
  ['matching', 'GET /health',                                               'A  A  A  A  A  A   A   A   A   A   A'],
  ['matching', 'GET /health/ready',                                         'A  A  A  A  A  A   A   A   A   A   A'],
  ['matching', 'GET /health/live',                                          'A  A  A  A  A  A   A   A   A   A   A'],
  ['matching', 'GET /metrics',                                              'A  A  A  A  A  A   A   A   A   A   A'],
  ['matching', 'GET /profiles',                                             'D  D  D  A  A  D   D   D   D   D   D'],
  ['messaging', 'GET /health',                                              'A  A  A  A  A  A   A   A   A   A   A'],
  ['messaging', 'GET /health/ready',                                        'A  A  A  A  A  A   A   A   A   A   A'],
  ['messaging', 'GET /health/live',                                         'A  A  A  A  A  A   A   A   A   A   A'],
  ['messaging', 'GET /metrics',                                             'A  A  A  A  A  A   A   A   A   A   A'],
  ['messaging', 'POST /messages',                                           'D  D  D  A  A  D   D   D   D   D   D'],
  ['messaging', 'POST /threads/{threadId}/replies',                         'D  A  A  D  D  D   D   D   D   D   D'],
  ['messaging', 'GET /threads',                                             'D  A  A  A  A  D   D   D   D   D   D'],
  ['messaging', 'GET /threads/{threadId}/messages',                         'D  A  A  A  A  D   D   D   D   D   D'],
  ['messaging', 'GET /outbox',                                              'D  D  D  A  A  D   D   D   D   D   D'],
  ['quota', 'GET /health',                                                  'A  A  A  A  A  A   A   A   A   A   A'],
  ['quota', 'GET /health/ready',                                            'A  A  A  A  A  A   A   A   A   A   A'],
  ['quota', 'GET /health/live',                                             'A  A  A  A  A  A   A   A   A   A   A'],
  ['quota', 'GET /metrics',                                                 'A  A  A  A  A  A   A   A   A   A   A'],
  ['quota', 'GET /quota/today',                                             'D  D  D  A  A  D   D   D   D   D   D'],
  ['quota', 'GET /quota/history',                                           'D  D  D  A  A  D   D   D   D   D   D'],
  ['quota', 'GET /registrations/{registrationId}/quota',                    'D  D  D  D  D  D   D   D   A   D   A'],
  ['quota', 'GET /registrations/{registrationId}/quota/history',            'D  D  D  D  D  D   D   D   A   D   A'],
  ['complaints', 'GET /health',                                             'A  A  A  A  A  A   A   A   A   A   A'],
  ['complaints', 'GET /health/ready',                                       'A  A  A  A  A  A   A   A   A   A   A'],
  ['complaints', 'GET /health/live',                                        'A  A  A  A  A  A   A   A   A   A   A'],
  ['complaints', 'GET /metrics',                                            'A  A  A  A  A  A   A   A   A   A   A'],
  ['complaints', 'POST /complaints',                                        'D  A  A  D  D  D   D   D   D   D   D'],
  ['complaints', 'GET /complaints',                                         'D  A  A  D  D  D   D   A   A   A   A'],
  ['complaints', 'GET /complaints/{complaintId}',                           'D  A  A  A  A  D   D   A   A   A   A'],
  ['complaints', 'POST /complaints/{complaintId}/acknowledgement',          'D  D  D  A  A  D   D   D   D   D   D'],
  ['complaints', 'POST /complaints/{complaintId}/messages',                 'D  A  A  A  A  D   D   A   D   D   D'],
  ['complaints', 'POST /complaints/{complaintId}/answer',                   'D  D  D  A  A  D   D   D   D   D   D'],
  ['complaints', 'POST /complaints/{complaintId}/resolution',               'D  A  A  D  D  D   D   D   D   D   D'],
  ['complaints', 'POST /complaints/{complaintId}/escalation',               'D  A  A  D  D  D   D   D   D   D   D'],
  ['complaints', 'POST /complaints/{complaintId}/consultation',             'D  D  D  A  A  D   D   D   D   D   D'],
  ['complaints', 'POST /complaints/{complaintId}/consultation/answer',      'D  D  D  D  D  D   D   A   D   D   D'],
  ['complaints', 'POST /complaints/{complaintId}/desk-steps',               'D  D  D  D  D  D   D   A   D   D   D'],
  ['complaints', 'POST /complaints/{complaintId}/desk-outcome',             'D  D  D  D  D  D   D   A   D   D   D'],
  ['complaints', 'POST /complaints/{complaintId}/sanction-decision',        'D  D  D  D  D  D   D   D   A   A   D'],
  ['complaints', 'POST /consultations',                                     'D  D  D  D  D  D   D   D   D   D   D'],
  ['complaints', 'GET /consultations',                                      'D  D  D  D  D  D   D   A   D   D   A'],
  ['complaints', 'GET /consultations/{consultationId}',                     'D  D  D  D  D  D   D   A   D   D   A'],
  ['complaints', 'POST /consultations/{consultationId}/answer',             'D  D  D  D  D  D   D   A   D   D   D'],
  ['reporting', 'GET /health',                                              'A  A  A  A  A  A   A   A   A   A   A'],
  ['reporting', 'GET /health/ready',                                        'A  A  A  A  A  A   A   A   A   A   A'],
  ['reporting', 'GET /health/live',                                         'A  A  A  A  A  A   A   A   A   A   A'],
  ['reporting', 'GET /metrics',                                             'A  A  A  A  A  A   A   A   A   A   A'],
  ['reporting', 'GET /reports',                                             'D  D  D  A  A  D   D   D   D   D   D'],
  ['reporting', 'GET /reports/{period}',                                    'D  D  D  A  A  D   D   D   D   D   D'],
  ['reporting', 'PUT /reports/{period}/draft',                              'D  D  D  A  A  D   D   D   D   D   D'],
  ['reporting', 'GET /reports/{period}/draft',                              'D  D  D  A  A  D   D   D   D   D   D'],
  ['reporting', 'POST /reports/{period}/draft/filing',                      'D  D  D  A  A  D   D   D   D   D   D'],
  ['reporting', 'POST /reports/{period}/filing',                            'D  D  D  A  A  D   D   D   D   D   D'],
  ['reporting', 'POST /reports/{period}/amendments',                        'D  D  D  A  A  D   D   D   D   D   D'],
  ['reporting', 'GET /bureau/reports',                                      'D  D  D  D  D  D   D   D   A   A   D'],
  ['reporting', 'GET /bureau/reports.csv',                                  'D  D  D  D  D  D   D   D   A   A   D'],
  ['reporting', 'GET /bureau/overdue',                                      'D  D  D  D  D  D   D   D   A   A   D'],
  ['reporting', 'GET /bureau/reports/{registrationId}/{period}',            'D  D  D  D  D  D   D   D   A   D   D'],
  ['reporting', 'POST /bureau/reports/{registrationId}/{period}/false',     'D  D  D  D  D  D   D   D   A   D   D'],
  ['reporting', 'POST /bureau/reports/{registrationId}/{period}/sanction',  'D  D  D  D  D  D   D   D   A   D   D'],
  ['reporting', 'GET /hq/reports/totals',                                   'D  D  D  D  D  D   D   D   D   D   A'],
  ['gateway', 'GET /health',                                                'A  A  A  A  A  A   A   A   A   A   A'],
  ['gateway', 'GET /health/ready',                                          'A  A  A  A  A  A   A   A   A   A   A'],
  ['gateway', 'GET /health/live',                                           'A  A  A  A  A  A   A   A   A   A   A'],
  ['gateway', 'GET /metrics',                                               'A  A  A  A  A  A   A   A   A   A   A'],
  ['gateway', 'GET /',                                                       'D  D  D  D  D  D   D   A   A   A   A'],
  ['gateway', 'GET /login',                                                  'A  A  A  A  A  A   A   A   A   A   A'],
  ['gateway', 'POST /login',                                                 'A  A  A  A  A  A   A   A   A   A   A'],
  ['gateway', 'POST /logout',                                                'A  A  A  A  A  A   A   A   A   A   A'],
  ['gateway', 'GET /language/{lang}',                                        'A  A  A  A  A  A   A   A   A   A   A'],
  ['gateway', 'GET /queues/{queue}',                                         'D  D  D  D  D  D   D   D   A   A   A'],
  ['gateway', 'GET /cases/registrations/{registrationId}',                   'D  D  D  D  D  D   D   D   A   D   A'],
  ['gateway', 'POST /cases/registrations/{registrationId}/actions/{action}', 'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'GET /cases/complaints/{complaintId}',                         'D  D  D  D  D  D   D   A   A   A   A'],
  ['gateway', 'GET /api/freshness',                                         'D  D  D  D  D  D   D   A   A   A   A'],
  ['gateway', 'GET /api/queues',                                            'D  D  D  D  D  D   D   A   A   A   A'],
  ['gateway', 'GET /api/queues/applications',                               'D  D  D  D  D  D   D   D   A   A   A'],
  ['gateway', 'GET /api/queues/changes',                                    'D  D  D  D  D  D   D   D   A   A   A'],
  ['gateway', 'GET /api/queues/sanction-requests',                          'D  D  D  D  D  D   D   D   A   A   A'],
  ['gateway', 'GET /api/queues/reports',                                    'D  D  D  D  D  D   D   D   A   A   A'],
  ['gateway', 'GET /api/queues/usage-periods',                              'D  D  D  D  D  D   D   D   A   A   A'],
  ['gateway', 'GET /api/complaints',                                        'D  D  D  D  D  D   D   A   A   A   A'],
  ['gateway', 'GET /api/complaints/{complaintId}',                          'D  D  D  D  D  D   D   A   A   A   A'],
  ['gateway', 'GET /api/consultations',                                     'D  D  D  D  D  D   D   A   D   D   A'],
  ['gateway', 'GET /api/registrations',                                     'D  D  D  D  D  D   D   D   A   A   A'],
  ['gateway', 'GET /api/registrations/{registrationId}',                    'D  D  D  D  D  D   D   D   A   D   A'],
  ['gateway', 'GET /api/registrations/{registrationId}/timeline',           'D  D  D  D  D  D   D   D   A   D   A'],
  ['gateway', 'GET /api/reports',                                           'D  D  D  D  D  D   D   D   A   A   A'],
  ['gateway', 'GET /api/daily-counts',                                      'D  D  D  D  D  D   D   D   A   A   A'],
  ['gateway', 'GET /api/staff-reads',                                       'D  D  D  D  D  D   D   A   A   A   A'],
  ['gateway', 'GET /staff-reads',                                           'D  D  D  D  D  D   D   A   A   A   A'],
  ['gateway', 'POST /api/complaints/{complaintId}/desk-steps',              'D  D  D  D  D  D   D   A   D   D   D'],
  ['gateway', 'POST /api/complaints/{complaintId}/desk-outcome',             'D  D  D  D  D  D   D   A   D   D   D'],
  ['gateway', 'POST /cases/complaints/{complaintId}/actions/{action}',       'D  D  D  D  D  D   D   A   D   D   D'],
  ['gateway', 'GET /api/hq/overview',                                       'D  D  D  D  D  D   D   D   D   D   A'],
  ['gateway', 'POST /api/registrations',                                    'D  D  D  D  D  D   D   D   A   A   D'],
  ['gateway', 'POST /api/registrations/{registrationId}/approve',           'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'POST /api/registrations/{registrationId}/reject',            'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'POST /api/registrations/{registrationId}/changes/{changeId}/approve', 'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'POST /api/registrations/{registrationId}/changes/{changeId}/reject',  'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'POST /api/registrations/{registrationId}/renewal/approve',   'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'POST /api/registrations/{registrationId}/renewal/reject',    'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'POST /api/complaints/{complaintId}/sanction-decision',       'D  D  D  D  D  D   D   D   A   A   D'],
  ['gateway', 'POST /api/reports/{registrationId}/{period}/false',          'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'POST /api/reports/{registrationId}/{period}/sanction',       'D  D  D  D  D  D   D   D   A   D   D'],
  // Late: these change what the rows above would see.
  ['registration', 'POST /seekers/{seekerId}/placement',                    'D  D  D  D  D  A   D   D   D   D   D'],
  ['registration', 'POST /seekers/{seekerId}/erasure',                      'D  D  D  D  D  A   D   D   D   D   D'],
  ['registration', 'POST /registrations/{registrationId}/suspension',       'D  D  D  A  D  D   D   D   D   D   D'],
  ['registration', 'POST /registrations/{registrationId}/suspension/approve', 'D  D  D  D  D  D   D   D   A   D   D'],
  ['registration', 'POST /registrations/{registrationId}/sanctions',        'D  D  D  D  D  D   D   D   A   D   D'],
  ['registration', 'POST /registrations/{registrationId}/resume',           'D  D  D  D  D  D   D   D   A   D   D'],
  ['registration', 'POST /registrations/{registrationId}/terminate',        'D  D  D  D  D  D   D   D   A   D   D'],
  // The gateway's forwarded lifecycle actions, once registration's own rows above have ended regA (the owner answers 409).
  ['gateway', 'POST /api/registrations/{registrationId}/suspension/approve', 'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'POST /api/registrations/{registrationId}/sanctions',          'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'POST /api/registrations/{registrationId}/resume',             'D  D  D  D  D  D   D   D   A   D   D'],
  ['gateway', 'POST /api/registrations/{registrationId}/terminate',          'D  D  D  D  D  D   D   D   A   D   D'],
];

const SECRET = 'matrix-secret-of-at-least-thirty-two-characters';
const SECURITY = { antivirusDefinitionsCurrent: true, automaticScanEnabled: true };
const digits = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');

describe('authorisation matrix: every route × every principal kind (embedded, in process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-authz-matrix-'));
  let infra: Infrastructure;
  const apps = new Map<ServiceName, INestApplication>();
  const base = (service: ServiceName) => `http://127.0.0.1:${(apps.get(service)!.getHttpServer().address() as AddressInfo).port}`;
  const claims: Partial<Record<Column, PrincipalClaims>> = {
    counter13: { kind: 'staff', sub: 'counter-13', role: 'counter', officeCode: '13010' },
    counter27: { kind: 'staff', sub: 'counter-27', role: 'counter', officeCode: '27010' },
    desk13: { kind: 'staff', sub: 'desk-13', role: 'complaint-desk', officeCode: '13010' },
    bureau13: { kind: 'staff', sub: 'bureau-13', role: 'bureau-officer', officeCode: '13000', prefecture: '13' },
    bureau27: { kind: 'staff', sub: 'bureau-27', role: 'bureau-officer', officeCode: '27000', prefecture: '27' },
    auditor: { kind: 'staff', sub: 'hq-1', role: 'hq-auditor' },
  };
  const tokens: Partial<Record<Column, string>> = {};
  // A CSV export, a console page (HTML) or /metrics (Prometheus text) is not JSON: its status is all a cell needs.
  const call = async (method: string, url: string, auth?: string, body?: unknown) => {
    const path = new URL(url).pathname;
    const html = !path.startsWith('/api/') && !path.startsWith('/health') && !path.startsWith('/docs') && url.startsWith(base('gateway'));
    if (!url.includes('.csv?') && !url.endsWith('/metrics') && !html) return httpCall(method, url, auth, body);
    const answer = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    let parsed: { code?: string } | undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: answer.status, body: parsed as any };
  };
  const as = (column: Column) => tokens[column];

  const fixture = {
    regA: '',
    regB: '',
    adminLogin: '',
    mainDepartmentA: '',
    versionA: 0,
    seekerA: '',
    seekerB: '',
  };
  const seekerBody = (officeCode: string) => ({
    scope: ['private-agencies', 'local-governments'],
    termsVersion: '2026-04',
    personalData: {
      jobSeekerNumber: `${officeCode}-${digits(8)}`,
      name: '行列 太郎',
      birthDate: '1990-04-01',
      address: '東京都千代田区1-1',
      phone: '03-0000-0000',
      email: 'matrix@example.jp',
    },
    appliedOn: new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10),
    school: { status: 'none' },
    profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'full-time' },
  });
  const agency = (prefecture: string) => application(prefecture, `行列テスト${prefecture}`);
  const approve = async (officer: Column, prefecture: string) => {
    const submitted = await call('POST', `${base('registration')}/registrations`, as(officer), agency(prefecture));
    expect(submitted.status).toBe(201);
    const adminLogin = `matrix-admin-${newId().slice(-12)}`;
    const approved = await call('POST', `${base('registration')}/registrations/${submitted.body.registrationId}/approve`, as(officer), {
      adminLogin,
    });
    expect(approved.status).toBe(200);
    const password = 'matrix admin password';
    expect(
      (
        await call('POST', `${base('registration')}/identity/activate`, undefined, {
          login: adminLogin,
          activationCode: approved.body.admin.activationCode,
          password,
        })
      ).status,
    ).toBe(204);
    const login = await call('POST', `${base('registration')}/identity/login`, undefined, { login: adminLogin, password });
    expect(login.status).toBe(200);
    return {
      registrationId: approved.body.registrationId as string,
      token: `Bearer ${login.body.token}`,
      adminLogin,
      version: approved.body.complaintOfficerVersion as number,
      main: approved.body.departments[0].departmentId as string,
    };
  };
  const registerSeeker = async (counter: Column, officeCode: string): Promise<string> => {
    const registered = await call('POST', `${base('registration')}/seekers`, as(counter), seekerBody(officeCode));
    expect(registered.status).toBe(201);
    return registered.body.seekerId;
  };

  beforeAll(async () => {
    const ports = Object.fromEntries(ALL_SERVICES.map(([name]) => [`${name.toUpperCase()}_PORT`, '0']));
    infra = await Infrastructure.create(
      loadConfig({ DATA_DIR: dir, AUTH_SECRET: SECRET, BUS: 'in-process', POLL_INTERVAL_MS: '10', LOG_LEVEL: 'error', ...ports }),
    );
    // The gateway forwards to where the owners listen (port 0 here).
    const bases = () => Object.fromEntries([...apps.keys()].map((service) => [service, base(service)]));
    for (const [name, module] of ALL_SERVICES)
      apps.set(
        name,
        await startService(
          name,
          name === 'gateway' ? GatewayServiceModule.register(infra, { ...process.env, ...ownerUrlSettings(bases()) }) : module(infra),
          infra,
        ),
      );
    for (const app of apps.values()) await app.get(BackgroundWork, { strict: false }).startRelay();
    const sign = (c: PrincipalClaims) => `Bearer ${infra.tokens.sign(c, new Date(), 3600)}`;
    for (const [column, c] of Object.entries(claims)) tokens[column as Column] = sign(c);

    const a = await approve('bureau13', '13');
    const b = await approve('bureau27', '27');
    Object.assign(fixture, {
      regA: a.registrationId,
      regB: b.registrationId,
      adminLogin: a.adminLogin,
      versionA: a.version,
      mainDepartmentA: a.main,
    });
    tokens.orgA = a.token;
    tokens.orgB = b.token;
    fixture.seekerA = await registerSeeker('counter13', '13010');
    fixture.seekerB = await registerSeeker('counter27', '27010');
    tokens.seekerA = sign({ kind: 'seeker', sub: fixture.seekerA });
    tokens.seekerB = sign({ kind: 'seeker', sub: fixture.seekerB });

    // regA has messaged seekerA (R-MSG-4: seekerA may read its complaint officer); quota knows both registrations.
    const ref = seekerReference(infra.config.seekerReferenceSecret, fixture.regA, fixture.seekerA);
    await eventually(
      async () =>
        expect(
          (await call('POST', `${base('messaging')}/messages`, as('orgA'), { seekerRef: ref, kind: 'guidance', body: 'ご案内です' }))
            .status,
        ).toBe(201),
      20_000,
    );
    const officerPath = `${base('registration')}/registrations/${fixture.regA}/complaint-officer/${fixture.versionA}`;
    await eventually(async () => expect((await call('GET', officerPath, as('seekerA'))).status).toBe(200), 20_000);
    for (const [reg, officer] of [
      [fixture.regA, 'bureau13'],
      [fixture.regB, 'bureau27'],
    ] as const)
      await eventually(
        async () => expect((await call('GET', `${base('quota')}/registrations/${reg}/quota`, as(officer))).status).toBe(200),
        20_000,
      );
    // reporting knows regA's prefecture (R-ORG-2: another bureau is refused before anything about its reports is told).
    await eventually(
      async () =>
        expect((await call('GET', `${base('reporting')}/bureau/reports/${fixture.regA}/2026Q1`, as('bureau27'))).status).toBe(403),
      20_000,
    );
    // matching knows regA and regB as active (GET /profiles refuses registrations it does not know).
    for (const org of ['orgA', 'orgB'] as const)
      await eventually(async () => expect((await call('GET', `${base('matching')}/profiles`, as(org))).status).toBe(200), 20_000);
    // The gateway knows regA and its prefecture (its scope check comes before any forwarding).
    await eventually(
      async () => expect((await call('GET', `${base('gateway')}/api/registrations/${fixture.regA}`, as('bureau13'))).status).toBe(200),
      20_000,
    );
    // seekerA has disclosed to regA, so regA's read of the disclosure passes (R-SKR-5).
    expect(
      (
        await call('POST', `${base('registration')}/seekers/${fixture.seekerA}/disclosures`, as('seekerA'), {
          registrationId: fixture.regA,
          fields: ['name'],
        })
      ).status,
    ).toBe(201);
  }, 180_000);

  afterAll(async () => {
    for (const app of [...apps.values()].reverse()) await app.close();
    await infra?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Path parameters and a body that passes validation, per route (so an office or bureau check is reached). */
  const request = async (route: string, column: Column): Promise<{ path: string; body?: unknown }> => {
    const f = fixture;
    const seekerId = route === 'POST /seekers/{seekerId}/erasure' ? await registerSeeker('counter13', '13010') : f.seekerA;
    const registrationId = route.includes('/blocks/') ? f.regB : f.regA;
    const path = route
      .split(' ')[1]
      .replace('{seekerId}', seekerId)
      .replace('{registrationId}', registrationId)
      .replace('{version}', String(f.versionA))
      .replace('{changeId}', newId())
      .replace('{period}', '2026Q1')
      .replace('{lang}', 'en')
      .replace('{queue}', 'applications')
      .replace('{action}', 'reject')
      .replace('{threadId}', threadIdOf(f.regA, f.seekerA))
      .replace('{complaintId}', newId())
      .replace('{consultationId}', newId())
      .replace('{seekerRef}', seekerReference(infra.config.seekerReferenceSecret, f.regA, f.seekerA));
    const office = column === 'counter27' ? '27010' : '13010';
    const bodies: Record<string, unknown> = {
      'POST /identity/login': { login: f.adminLogin, password: 'matrix admin password' },
      'POST /identity/activate': { login: 'nobody', activationCode: 'short', password: 'x' },
      'POST /identity/seekers/activate': { login: 'nobody', activationCode: 'short', password: 'x' },
      'POST /identity/password': { oldPassword: 'x', newPassword: 'short' },
      'POST /identity/seekers/{seekerId}/activation': { reason: 'forgot the password at the counter' },
      'POST /seekers': seekerBody(office),
      'PATCH /seekers/{seekerId}/profile': {
        profile: { desiredOccupations: ['25'], desiredPrefectures: ['13'], employmentType: 'part-time' },
      },
      'PUT /seekers/{seekerId}/scope': { scope: ['private-agencies', 'local-governments'], termsVersion: '2026-04' },
      'PUT /seekers/{seekerId}/school': { school: { status: 'none' } },
      'PUT /seekers/{seekerId}/personal-data': {
        personalData: { ...seekerBody('13010').personalData, jobSeekerNumber: `27010-${digits(8)}` },
      },
      'POST /seekers/{seekerId}/disclosures': { registrationId: f.regA, fields: ['name'] },
      'POST /seekers/{seekerId}/blocks': { registrationId: f.regB },
      'POST /seekers/{seekerId}/erasure': { requestReference: `REQ-${digits(6)}` },
      'POST /registrations': agency('13'),
      'POST /api/registrations': agency(column === 'bureau27' ? '27' : '13'),
      // A body identity refuses (400): the cell is about the route, which is public.
      'POST /login': { login: 'nobody' },
      'POST /cases/registrations/{registrationId}/actions/{action}': { reason: 'matrix' },
      'POST /api/registrations/{registrationId}/approve': { adminLogin: `matrix-${newId().slice(-12)}` },
      'POST /api/registrations/{registrationId}/reject': { reason: 'matrix' },
      'POST /api/registrations/{registrationId}/changes/{changeId}/reject': { reason: 'matrix' },
      'POST /api/registrations/{registrationId}/renewal/reject': { reason: 'matrix' },
      'POST /api/registrations/{registrationId}/sanctions': { reason: 'matrix' },
      'POST /api/registrations/{registrationId}/terminate': { reason: 'matrix' },
      'POST /api/complaints/{complaintId}/sanction-decision': { decision: 'no-action' },
      'POST /api/reports/{registrationId}/{period}/false': { reason: 'matrix' },
      'POST /api/reports/{registrationId}/{period}/sanction': { decision: 'suspension', reason: 'matrix' },
      'POST /registrations/{registrationId}/approve': { adminLogin: `matrix-${newId().slice(-12)}` },
      'POST /registrations/{registrationId}/reject': { reason: 'matrix' },
      'POST /registrations/{registrationId}/changes': { contactOfficer: OFFICER },
      'POST /registrations/{registrationId}/changes/{changeId}/reject': { reason: 'matrix' },
      'POST /registrations/{registrationId}/renewal': { security: SECURITY },
      'POST /registrations/{registrationId}/renewal/reject': { reason: 'matrix' },
      'POST /registrations/{registrationId}/suspension': { reason: 'matrix' },
      'POST /registrations/{registrationId}/sanctions': { reason: 'matrix' },
      'POST /registrations/{registrationId}/terminate': { reason: 'matrix' },
      'POST /registrations/{registrationId}/paid-service-notifications': { kind: '面接対策', price: 1000 },
      'POST /registrations/{registrationId}/users': { login: `matrix-user-${newId().slice(-12)}`, departmentId: f.mainDepartmentA },
      'POST /messages': {
        seekerRef: seekerReference(infra.config.seekerReferenceSecret, f.regA, f.seekerA),
        kind: 'guidance',
        body: 'ご案内です',
      },
      'POST /threads/{threadId}/replies': { kind: 'reply', body: 'ありがとうございます' },
      // A complaint id no one filed: past the guard, the answer is 404 (or the deciding rule's 403).
      'POST /complaints': { registrationId: f.regA, category: 'conduct', text: '対応が不誠実', officeCode: '13010' },
      'POST /complaints/{complaintId}/messages': { text: '補足します' },
      'POST /complaints/{complaintId}/answer': { text: '回答します' },
      'POST /complaints/{complaintId}/escalation': { reason: 'not-satisfied', text: '納得できない' },
      'POST /complaints/{complaintId}/desk-steps': { text: '事業者に確認' },
      'POST /complaints/{complaintId}/consultation': { text: '相談します' },
      'POST /complaints/{complaintId}/consultation/answer': { text: '助言します' },
      'POST /complaints/{complaintId}/desk-outcome': { outcome: 'advice-given', text: '助言' },
      'POST /complaints/{complaintId}/sanction-decision': { decision: 'no-action' },
      'PUT /reports/{period}/draft': { applicationsAccepted: 0, placements: 0, paidServicesProvided: 0 },
      // orgA/orgB tokens are not complaint officers (R-CMP-3: refused); a consultation id no one opened is 404 past the guard.
      'POST /consultations': { officeCode: '13010', text: '相談します' },
      'POST /consultations/{consultationId}/answer': { text: '助言します' },
      'POST /reports/{period}/filing': { applicationsAccepted: 0, placements: 0, paidServicesProvided: 0 },
      'POST /reports/{period}/amendments': { applicationsAccepted: 0, placements: 0, paidServicesProvided: 0, reason: 'matrix' },
      'POST /bureau/reports/{registrationId}/{period}/false': { reason: 'matrix' },
      'POST /bureau/reports/{registrationId}/{period}/sanction': { decision: 'suspension', reason: 'matrix' },
    };
    const query =
      route === 'GET /seekers/{seekerId}/personal-data'
        ? '?purpose=counter-service'
        : ['GET /bureau/reports', 'GET /bureau/reports.csv', 'GET /hq/reports/totals'].includes(route)
          ? '?period=2026Q1'
          : '';
    return { path: `${path}${query}`, body: bodies[route] };
  };

  it('every route of every service has a row, and every row is a route (deny by default)', async () => {
    const listed: string[] = [];
    for (const [service] of ALL_SERVICES) {
      const doc = await call('GET', `${base(service)}/docs-json`);
      expect(doc.status).toBe(200);
      for (const [path, operations] of Object.entries(doc.body.paths as Record<string, object>))
        for (const method of Object.keys(operations)) listed.push(`${service} ${method.toUpperCase()} ${path}`);
    }
    expect(MATRIX.map(([service, route]) => `${service} ${route}`).sort()).toEqual(listed.sort());
  });

  it('every cell answers as the table says (A: passed the guard, D: 401/403; never 5xx)', async () => {
    const mismatches: string[] = [];
    const counts = { A: 0, D: 0 };
    for (const [service, route, cells] of MATRIX) {
      const expected = cells.split(/\s+/);
      expect([route, expected.length]).toEqual([route, COLUMNS.length]);
      for (const [i, column] of COLUMNS.entries()) {
        const { path, body } = await request(route, column);
        const answer = await call(route.split(' ')[0], `${base(service)}${path}`, as(column), body);
        const got = answer.status === 401 || answer.status === 403 ? 'D' : answer.status >= 500 ? `5xx(${answer.status})` : 'A';
        counts[expected[i] as 'A' | 'D']++;
        if (got !== expected[i])
          mismatches.push(
            `${service} ${route} as ${column}: expected ${expected[i]}, got ${answer.status} ${JSON.stringify(answer.body?.code ?? '')}`,
          );
      }
    }
    process.stdout.write(
      `authorisation matrix: ${MATRIX.length} routes × ${COLUMNS.length} principal kinds = ${counts.A + counts.D} cells; A ${counts.A}, D ${counts.D}\n`,
    );
    expect(mismatches).toEqual([]);
  }, 180_000);
});
