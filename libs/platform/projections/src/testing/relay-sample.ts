import { spawn, ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { envelopeOf, IntegrationEvent } from '@hw/platform/bus';
import { RecordedEvent } from '@hw/platform/core';
import { ReadDbConfig } from '../read-db';

/**
 * The sample context's translation: seeker domain events become `<context>.<Type>.v1`
 * integration events carrying the revision only (the seeker's name stays in the log);
 * ProfileUpdated is internal and not published.
 */
export const sampleTranslate =
  (context: string) =>
  (event: RecordedEvent): IntegrationEvent | null => {
    if (event.type === 'ProfileUpdated') return null;
    return { ...envelopeOf(event), type: `${context}.${event.type}.v1`, data: { seq: Number(event.revision) } };
  };

export interface RelayChildConfig {
  logFile: string;
  readDb: ReadDbConfig;
  brokers: string[];
  context: string;
  name: string;
  batchSize: number;
  /** Pause before each publish (slows the relay down). */
  publishDelayMs: number;
  /**
   * After this many acknowledged publishes, print `acknowledged-not-checkpointed` and hang
   * before the relay stores its checkpoint: the worst moment for a crash, made deterministic.
   */
  hangAfterPublishes?: number;
}

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..', '..');

/** Starts relay-child.ts in its own Node process; resolves once it reports it is relaying. */
export const spawnRelayChild = async (
  config: RelayChildConfig,
  timeoutMs = 60_000,
): Promise<{ child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; output: () => string }> => {
  const child = spawn(process.execPath, ['-r', './tools/register.js', join(__dirname, 'relay-child.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, RELAY_CHILD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('relay-started')) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`relay child did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { child, exited, output: () => output };
};
