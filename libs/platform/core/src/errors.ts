/** Base class of errors a caller can act on; `code` is stable and machine-readable. */
export abstract class PlatformError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * What kind of refusal, so the shell can answer with the right status without the
 * domain knowing HTTP: refused → 422, conflict → 409, not-found → 404,
 * forbidden → 403, limit → 429.
 */
export type RefusalKind = 'refused' | 'conflict' | 'not-found' | 'forbidden' | 'limit';

/** A named domain error: a rule refused a command. `rule` cites docs/RULES.md; never personal data. */
export class DomainError extends PlatformError {
  constructor(
    readonly code: string,
    message: string,
    readonly rule?: string,
    readonly kind: RefusalKind = 'refused',
    readonly field?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * A refusal, by its code: every context names its refusals as small factories over this
 * (`registrationNotFound()`), not as a class each; the HTTP answer reads only these fields.
 */
export const refused = (
  code: string,
  message: string,
  rule: string,
  kind: RefusalKind = 'refused',
  field?: string,
  details?: Record<string, unknown>,
): DomainError => new DomainError(code, message, rule, kind, field, details);

/** Whether `error` is the refusal `code` — what `instanceof` a refusal class used to say. */
export const isRefusal = (error: unknown, code: string): error is DomainError => error instanceof DomainError && error.code === code;
