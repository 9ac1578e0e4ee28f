import { integerSettings } from '@hw/platform/nest';
import { ReportingPolicy, validateReportingPolicy } from '@hw/reporting/domain';

export const REPORTING_CONFIG = Symbol('REPORTING_CONFIG');

export interface ReportingConfig extends ReportingPolicy {
  /** R-REP-3 policy: months of a sanction suspension (default 6). */
  suspensionMonths: number;
  clockIntervalMs: number;
}

/** Policies of R-REP-1/R-REP-3 and the clock pass's interval, validated at start-up (an invalid value names the setting). */
export const loadReportingConfig = (env: NodeJS.ProcessEnv = process.env): ReportingConfig => {
  const settings = integerSettings(
    [
      { name: 'REPORT_DUE_DAY', defaultValue: 20, min: 1, max: 28, rule: 'R-REP-1' },
      { name: 'REPORT_SANCTION_SUSPENSION_MONTHS', defaultValue: 6, min: 1, max: 60, rule: 'R-REP-3' },
      { name: 'REPORTING_CLOCK_INTERVAL_MS', defaultValue: 60_000, min: 100, max: 3_600_000, rule: 'R-REP-1' },
    ],
    env,
  );
  return {
    ...validateReportingPolicy({ dueDay: settings.REPORT_DUE_DAY }),
    suspensionMonths: settings.REPORT_SANCTION_SUSPENSION_MONTHS,
    clockIntervalMs: settings.REPORTING_CLOCK_INTERVAL_MS,
  };
};
