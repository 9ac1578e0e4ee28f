/** Base class of errors a caller can act on; `code` is stable and machine-readable. */
export abstract class PlatformError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A named domain error: a rule refused a command. `rule` cites RULES.md. */
export class DomainError extends PlatformError {
  readonly code: string;
  constructor(
    code: string,
    message: string,
    readonly rule?: string,
    readonly field?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.code = code;
  }
}
