import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { newId } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';
import { TokenService, PrincipalClaims } from '@hw/platform/nest';
import { httpCall } from '@hw/platform/testing';
import { registrationFactsStreamId, seekerConsentStreamId } from '@hw/registration/contracts';

export const ROOT = join(__dirname, '..', '..');
export const AUTH_SECRET = 'e2e-secret-of-at-least-thirty-two-characters';
/**
 * One per spec file (jest loads this module once per file): suites running at the same time on
 * one broker would otherwise join the same consumer groups and split their partitions.
 */
const KAFKA_GROUP_PREFIX = `e2e-${randomUUID().slice(0, 8)}-`;

export interface Started {
  process: ChildProcess;
  output: () => string;
  /** Resolves with the exit code when the process ends by itself. */
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts a TypeScript entry point as its own process (the way `npm start` and the apps run). */
export const startProcess = (entry: string, env: Record<string, string>): Started => {
  const child = spawn(process.execPath, ['-r', './tools/register.js', entry], {
    cwd: ROOT,
    env: { ...process.env, AUTH_SECRET, LOG_LEVEL: 'log', KAFKA_GROUP_PREFIX, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => out,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
};

export const waitForHealth = async (port: number, started: Started, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.process.exitCode !== null) throw new Error(`process exited early:\n${started.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no healthy service on ${port} within ${timeoutMs} ms:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const tokens = new TokenService(AUTH_SECRET);
export const bearer = (claims: PrincipalClaims): string => `Bearer ${tokens.sign(claims, new Date())}`;

/** One JSON request (the platform's test helper). */
export const http = httpCall;

const CONTACT = { name: '連絡 花子', department: '人事部', phone: '03-1234-5678', email: 'renraku@example.jp' };
const BUREAU_OFFICER_13 = bearer({ kind: 'staff', sub: 'officer-13', role: 'bureau-officer', officeCode: '13000', prefecture: '13' });

/**
 * Applies for and approves a registration at the registration service (Tokyo's bureau, R-ORG-1),
 * returning its id: matching and messaging serve only registrations they know to be active.
 * Default: a paid private agency with a random permit number.
 */
export const approveRegistration = async (registrationPort: number, application: Record<string, unknown> = {}): Promise<string> => {
  const base = `http://127.0.0.1:${registrationPort}`;
  const body = {
    organisationName: '株式会社試験人材',
    kind: 'private-paid',
    category: 'own',
    permitNumber: `13-ユ-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    departments: [{ name: '本社', branchNumber: '0', mainOffice: true }],
    contactOfficer: CONTACT,
    complaintOfficer: CONTACT,
    security: { antivirusDefinitionsCurrent: true, automaticScanEnabled: true },
    ...application,
  };
  const submitted = await http('POST', `${base}/registrations`, BUREAU_OFFICER_13, body);
  if (submitted.status !== 201) throw new Error(`application refused: ${JSON.stringify(submitted)}`);
  const registrationId: string = submitted.body.registrationId;
  const approved = await http('POST', `${base}/registrations/${registrationId}/approve`, BUREAU_OFFICER_13, {
    adminLogin: `admin-${registrationId}`,
  });
  if (approved.status !== 200) throw new Error(`approval refused: ${JSON.stringify(approved)}`);
  return registrationId;
};

/**
 * Appends a seeker event straight to the shared log, as registration would (the consent that
 * messaging reads at send time, R-SKR-4/6): e2e tests that run messaging without registration.
 */
export const appendSeekerEvent = (log: EventLog, seekerId: string, type: string, data: Record<string, unknown>) =>
  log.append(
    seekerConsentStreamId(seekerId),
    [
      {
        id: newId(),
        type,
        schemaVersion: 1,
        data: { seekerId, ...data },
        metadata: { correlationId: newId(), principal: { kind: 'system', id: 'e2e' }, occurredAt: new Date().toISOString() },
      },
    ],
    'any',
  );

/**
 * Appends a registration event straight to the shared log, as registration would: the facts the
 * send path reads at send time (R-ORG-1, R-MSG-4) — e2e tests that run messaging without registration.
 */
export const appendRegistrationEvent = (log: EventLog, registrationId: string, type: string, data: Record<string, unknown>) =>
  log.append(
    registrationFactsStreamId(registrationId),
    [
      {
        id: newId(),
        type,
        schemaVersion: 1,
        data: { registrationId, ...data },
        metadata: { correlationId: newId(), principal: { kind: 'system', id: 'e2e' }, occurredAt: new Date().toISOString() },
      },
    ],
    'any',
  );

/** registration's approval as the send path reads it (ApplicationApproved in `registration-<id>`). */
export const appendRegistrationApproved = (log: EventLog, registrationId: string, organisationKind = 'private-free') =>
  appendRegistrationEvent(log, registrationId, 'ApplicationApproved', {
    summary: { organisationKind },
    usagePeriodEndsAt: '2099-01-01T00:00:00.000Z',
    complaintOfficerVersion: 1,
    approvedAt: new Date().toISOString(),
  });
