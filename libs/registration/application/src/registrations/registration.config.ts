import { plainToInstance, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateNested,
  ValidationError,
  validateSync,
} from 'class-validator';
import { ConfigError } from '@hw/platform/core';
import { readSettings, StaffRole } from '@hw/platform/nest';

/** R-STF-1: the staff roles, in the order the README's configuration table lists them. */
export const STAFF_ROLES: StaffRole[] = ['counter', 'complaint-desk', 'bureau-officer', 'hq-auditor'];

/**
 * What each field of a STAFF_ACCOUNTS entry accepts, as start-up states it when refused. The
 * password's value is never repeated (it is a secret); the others are.
 */
const STAFF_FIELDS = {
  login: '3–100 letters, digits, . _ @ -',
  password: 'at least 12 characters',
  role: `one of ${STAFF_ROLES.join(', ')}`,
  officeCode: 'the 5-digit office code (e.g. 13010), for counter, complaint-desk and bureau-officer',
  prefecture: 'the 2-digit prefecture code 01–47 (e.g. 13), required for bureau-officer',
} as const;
const SECRET_FIELDS = new Set(['password']);
const ENTRY_SHAPE = '{login, password, role, officeCode?, prefecture?}';

/** A local staff account seeded at start-up (embedded default; R-STF-1 roles). */
export class StaffAccountSeed {
  @IsString()
  @Matches(/^[A-Za-z0-9._@-]{3,100}$/)
  login!: string;

  @IsString()
  @MinLength(12)
  password!: string;

  @IsIn(STAFF_ROLES)
  role!: StaffRole;

  @IsOptional()
  @Matches(/^\d{5}$/)
  officeCode?: string;

  @IsOptional()
  @Matches(/^(0[1-9]|[1-3]\d|4[0-7])$/)
  prefecture?: string;
}

const kindOf = (value: unknown): string => (value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

const shown = (field: string, value: unknown): string =>
  SECRET_FIELDS.has(field) ? '' : value === undefined ? ', got nothing' : `, got ${JSON.stringify(value)}`;

/** One line per refused field of STAFF_ACCOUNTS: `STAFF_ACCOUNTS[1].role: accepts one of …, got "clerk"`. */
const staffProblems = (entries: unknown[]): string[] =>
  entries.flatMap((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      return [`STAFF_ACCOUNTS[${index}]: accepts an object ${ENTRY_SHAPE}, got ${JSON.stringify(entry)}`];
    const record = entry as Record<string, unknown>;
    const unknownFields = Object.keys(record).filter((k) => !(k in STAFF_FIELDS));
    const errors: ValidationError[] = validateSync(plainToInstance(StaffAccountSeed, record));
    const problems = errors.map((e) => {
      const field = e.property as keyof typeof STAFF_FIELDS;
      return `STAFF_ACCOUNTS[${index}].${field}: accepts ${STAFF_FIELDS[field]}${shown(field, record[field])}`;
    });
    for (const field of unknownFields)
      problems.push(`STAFF_ACCOUNTS[${index}].${field}: is not a field; accepted fields are ${Object.keys(STAFF_FIELDS).join(', ')}`);
    return problems;
  });

/** What the integer settings accept, as a refusal states it (each of their validators says the same). */
const USAGE_PERIOD = { message: 'accepts an integer 1–10 (years, R-ORG-1 policy)' };
const CLOCK_INTERVAL = { message: 'accepts an integer 100–3600000 (milliseconds)' };

/** registration's own settings, validated at start-up like the platform's (readSettings). */
export class RegistrationConfig {
  /** R-ORG-1 policy: the usage period of a registration, in years (default 3). */
  @IsInt(USAGE_PERIOD)
  @Min(1, USAGE_PERIOD)
  @Max(10, USAGE_PERIOD)
  REGISTRATION_USAGE_PERIOD_YEARS = 3;

  /** How often the registration clock looks for expired periods and ended sanctions. */
  @IsInt(CLOCK_INTERVAL)
  @Min(100, CLOCK_INTERVAL)
  @Max(3_600_000, CLOCK_INTERVAL)
  REGISTRATION_CLOCK_INTERVAL_MS = 60_000;

  /** Staff accounts to create when missing: a JSON array of {login, password, role, officeCode?, prefecture?}. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StaffAccountSeed)
  STAFF_ACCOUNTS: StaffAccountSeed[] = [];
}

export const REGISTRATION_CONFIG = Symbol('REGISTRATION_CONFIG');

const NUMERIC = new Set(['REGISTRATION_USAGE_PERIOD_YEARS', 'REGISTRATION_CLOCK_INTERVAL_MS']);

export const loadRegistrationConfig = (env: NodeJS.ProcessEnv = process.env): RegistrationConfig => {
  const problems: string[] = [];
  const parsedSettings: Record<string, unknown> = {};
  if (env.STAFF_ACCOUNTS !== undefined && env.STAFF_ACCOUNTS !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.STAFF_ACCOUNTS);
    } catch (error) {
      // JSON.parse names the position, never the text around it (a password may be there).
      const where = /position \d+/.exec((error as Error).message)?.[0];
      throw new ConfigError([`STAFF_ACCOUNTS: accepts a JSON array of ${ENTRY_SHAPE}; not JSON${where ? ` (at ${where})` : ''}`]);
    }
    if (!Array.isArray(parsed)) throw new ConfigError([`STAFF_ACCOUNTS: accepts a JSON array of ${ENTRY_SHAPE}, got ${kindOf(parsed)}`]);
    problems.push(...staffProblems(parsed));
    const logins = parsed.map((e) => (e as { login?: unknown })?.login);
    logins.forEach((login, index) => {
      if (login !== undefined && logins.indexOf(login) !== index)
        problems.push(
          `STAFF_ACCOUNTS[${index}].login: accepts a login no other entry has, got ${JSON.stringify(login)} (as entry ${logins.indexOf(login)})`,
        );
    });
    parsedSettings.STAFF_ACCOUNTS = parsed;
  }
  // STAFF_ACCOUNTS' entries are refused above, by index and field (their nested refusals are left out here).
  const { config, problems: settings } = readSettings(RegistrationConfig, env, { numeric: NUMERIC, parsed: parsedSettings });
  problems.push(...settings);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};
