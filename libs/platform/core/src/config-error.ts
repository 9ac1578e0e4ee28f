/**
 * An invalid setting: start-up stops with one line naming each setting (for a list, the entry's
 * index and field), what it accepts and — unless secret — what it got; never a stack trace
 * (runServices in @hw/platform/nest prints `message` and exits 2). Here in core so that every
 * context's own settings, contracts included, refuse the same way.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Whether an error is a ConfigError (also across copies of this module: by name). */
export const isConfigError = (error: unknown): error is ConfigError =>
  error instanceof ConfigError ||
  (error instanceof Error && error.name === 'ConfigError' && Array.isArray((error as ConfigError).problems));
