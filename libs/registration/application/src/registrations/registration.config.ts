import { plainToInstance, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateNested, validateSync } from 'class-validator';
import { StaffRole } from '@hw/platform/nest';

const STAFF_ROLES: StaffRole[] = ['counter', 'complaint-desk', 'bureau-officer', 'hq-auditor'];

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

/** registration's own settings, validated at start-up like the platform's. */
export class RegistrationConfig {
  /** R-ORG-1 policy: the usage period of a registration, in years (default 3). */
  @IsInt()
  @Min(1)
  @Max(10)
  REGISTRATION_USAGE_PERIOD_YEARS = 3;

  /** How often the registration clock looks for expired periods and ended sanctions. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  REGISTRATION_CLOCK_INTERVAL_MS = 60_000;

  /** Staff accounts to create when missing: a JSON array of {login, password, role, officeCode?, prefecture?}. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StaffAccountSeed)
  STAFF_ACCOUNTS: StaffAccountSeed[] = [];
}

export const REGISTRATION_CONFIG = Symbol('REGISTRATION_CONFIG');

const NUMERIC = ['REGISTRATION_USAGE_PERIOD_YEARS', 'REGISTRATION_CLOCK_INTERVAL_MS'];

export const loadRegistrationConfig = (env: NodeJS.ProcessEnv = process.env): RegistrationConfig => {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(new RegistrationConfig())) {
    if (env[key] === undefined || env[key] === '') continue;
    raw[key] = NUMERIC.includes(key) ? Number(env[key]) : env[key];
  }
  if (typeof raw.STAFF_ACCOUNTS === 'string') {
    try {
      raw.STAFF_ACCOUNTS = JSON.parse(raw.STAFF_ACCOUNTS);
    } catch {
      throw new Error(
        'invalid configuration:\n  - STAFF_ACCOUNTS: must be a JSON array of {login, password, role, officeCode?, prefecture?}',
      );
    }
  }
  const config = plainToInstance(RegistrationConfig, raw);
  const problems = validateSync(config).map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? { nested: 'invalid entries' }).join(', ')}`,
  );
  if (problems.length > 0) throw new Error(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
};
