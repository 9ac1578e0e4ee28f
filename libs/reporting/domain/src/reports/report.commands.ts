import { ReportPeriod } from './report-period';
import { EnteredFigures, PrefilledFigures, SanctionDecision } from './report.events';

type Cmd<T extends string, D> = { type: T; data: D };

/** Commands of a report; time (`at`) and the actor come in, never from a clock here. */
export type ReportCommand =
  | Cmd<'OpenObligation', { registrationId: string; prefecture: string; period: ReportPeriod; prefilled: PrefilledFigures; at: string }>
  /** Any user of the registration saves the figures it entered as the draft (R-REP-2); the bureau never sees it. */
  | Cmd<'SaveDraft', { registrationId: string; entered: EnteredFigures; by: string; at: string }>
  /**
   * `admin`: the actor is the registration's administrator (the token's `admin` claim, R-REP-1).
   * Without `entered`, the saved draft's figures are filed.
   */
  | Cmd<'FileReport', { registrationId: string; entered?: EnteredFigures; admin: boolean; by: string; at: string }>
  | Cmd<'AmendReport', { registrationId: string; entered: EnteredFigures; reason: string; admin: boolean; by: string; at: string }>
  | Cmd<'FlagOverdue', { at: string }>
  /** The system recounted the period's figures from reporting's facts (R-REP-2); a no-op when they agree. */
  | Cmd<'CorrectPrefill', { prefilled: PrefilledFigures; at: string }>
  | Cmd<'MarkFalse', { bureauPrefecture: string; reason: string; by: string; at: string }>
  | Cmd<
      'DecideSanction',
      {
        bureauPrefecture: string;
        decision: SanctionDecision;
        reason: string;
        /** From the registration's history (R-REP-3): resumed after an earlier sanction. */
        resumedAfterSanction: boolean;
        /** Only with `termination`: a clearly malicious false report (R-REP-3). */
        malicious?: boolean;
        suspensionMonths: number;
        by: string;
        at: string;
      }
    >;
