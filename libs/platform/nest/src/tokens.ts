/** Nest injection tokens of the platform. */
export const CONFIG = Symbol('CONFIG');
export const CLOCK = Symbol('CLOCK');
export const TOKENS = Symbol('TOKENS');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const READ_DB = Symbol('READ_DB');
export { EVENT_LOG } from '@hw/platform/event-log';
export { BUS } from '@hw/platform/bus';
/** The service's projections and consumers as health sees them (BackgroundWork). */
export const RUNNERS = Symbol('RUNNERS');

export interface RunnerHealth {
  /** Projection runners (and the relay) retrying a failure: name and consecutive failures. */
  retrying(): Array<{ name: string; failures: number }>;
  /** Each runner's checkpoint, lag and parked events (readiness' lag bound; absent: not checked). */
  observe?(): Promise<Array<{ kind: string; name: string; lagEvents?: number; lagSeconds?: number }>>;
}
