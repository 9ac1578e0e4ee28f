import { timingSafeEqual } from 'node:crypto';
import { registry } from './metrics';

/** Work that refreshes gauges just before a scrape (runner positions, lag, parked counts). */
export type ScrapeHook = () => Promise<void>;

const hooks = new Set<ScrapeHook>();

/** Registers a hook run before every scrape; returns its removal. */
export const onScrape = (hook: ScrapeHook): (() => void) => {
  hooks.add(hook);
  return () => hooks.delete(hook);
};

/** A hook slower than this is left behind (its gauges keep their last values): a scrape answers in time. */
const HOOK_TIMEOUT_MS = 2_000;

/** The Prometheus text of the process's registry, after the scrape hooks ran (or timed out). */
export const scrape = async (): Promise<{ contentType: string; body: string }> => {
  await Promise.allSettled(
    [...hooks].map(
      (hook) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, HOOK_TIMEOUT_MS);
          hook().then(
            () => (clearTimeout(timer), resolve()),
            () => (clearTimeout(timer), resolve()),
          );
        }),
    ),
  );
  return { contentType: registry.contentType, body: await registry.metrics() };
};

/**
 * Whether a request may read /metrics: with a token configured, only `Authorization: Bearer
 * <token>` (compared in constant time); without one, anyone (development only: production
 * requires METRICS_TOKEN, see config).
 */
export const mayScrape = (token: string | undefined, authorization: unknown): boolean => {
  if (!token) return true;
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return false;
  const given = Buffer.from(authorization.slice(7));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
};
