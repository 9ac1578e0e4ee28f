import { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConfigError } from '@hw/platform/core';
import { CONFIG, integerSetting, integerSettings, PlatformConfig, READ_DB } from '@hw/platform/nest';
import { SeekerKeyRing } from '@hw/platform/projections';

/**
 * complaints' seeker keys (R-AUD-2): the complaint text, every message of its conversation, the
 * answer, escalation reasons and desk notes are sealed under the complainant's key before they
 * reach the log; `registration.SeekerErased.v1` destroys it (consumers.ts). A key per seeker per
 * context, as in messaging: no context needs another's keys.
 */
export const COMPLAINTS_KEYS = Symbol('COMPLAINTS_KEYS');

export const complaintsKeysProvider: Provider = {
  provide: COMPLAINTS_KEYS,
  inject: [READ_DB, CONFIG],
  useFactory: (db: DataSource, config: PlatformConfig) => new SeekerKeyRing(db, config.PERSONAL_DATA_KEY, 'complaints'),
};

export const COMPLAINTS_POLICY = Symbol('COMPLAINTS_POLICY');
export interface ComplaintsPolicy {
  /** R-CMP-1 policy: COMPLAINT_ACK_DAYS, COMPLAINT_ANSWER_DAYS. */
  acknowledgeDays: number;
  answerDays: number;
  /** COMPLAINT_CLOCK_INTERVAL_MS: how often the overdue pass runs. */
  clockIntervalMs: number;
}

/** COMPLAINT_CLOCK_INTERVAL_MS (default 60 s, 100–3600000), read as every integer setting is; an invalid value stops start-up naming it. */
export const complaintsClockIntervalFromEnv = (env: NodeJS.ProcessEnv = process.env): number =>
  integerSetting({ name: 'COMPLAINT_CLOCK_INTERVAL_MS', defaultValue: 60_000, min: 100, max: 3_600_000 }, env);

/**
 * R-CMP-1 policy: COMPLAINT_ACK_DAYS (default 3) and COMPLAINT_ANSWER_DAYS (default 14), 1–90,
 * the answer not before the acknowledgement; an invalid value stops start-up naming the setting.
 */
export const complaintDueDaysFromEnv = (env: NodeJS.ProcessEnv = process.env): { acknowledgeDays: number; answerDays: number } => {
  const days = integerSettings(
    [
      { name: 'COMPLAINT_ACK_DAYS', defaultValue: 3, min: 1, max: 90, rule: 'R-CMP-1' },
      { name: 'COMPLAINT_ANSWER_DAYS', defaultValue: 14, min: 1, max: 90, rule: 'R-CMP-1' },
    ],
    env,
  );
  const acknowledgeDays = days.COMPLAINT_ACK_DAYS;
  const answerDays = days.COMPLAINT_ANSWER_DAYS;
  if (answerDays < acknowledgeDays)
    throw new ConfigError([`COMPLAINT_ANSWER_DAYS: must be ≥ COMPLAINT_ACK_DAYS (${acknowledgeDays}, R-CMP-1), got "${answerDays}"`]);
  return { acknowledgeDays, answerDays };
};
