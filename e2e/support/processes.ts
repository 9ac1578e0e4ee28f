import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TokenService, PrincipalClaims } from '@hw/platform/nest';

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

export const http = async (
  method: string,
  url: string,
  auth?: string,
  body?: unknown,
): Promise<{ status: number; body: any }> => {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};
