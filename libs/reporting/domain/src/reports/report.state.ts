import { assertNever } from '@hw/platform/core';
import { reportNotFound } from './report.errors';
import { EnteredFigures, ReportEvent, ReportObligationOpenedData, SanctionDecision } from './report.events';

export interface ReportVersion {
  version: number;
  entered: EnteredFigures;
  late: boolean;
  reason?: string;
  at: string;
}
export interface ReportDraft {
  entered: EnteredFigures;
  savedBy: string;
  savedAt: string;
}
/** The obligation as it opened (without the instant), then what the bureau and the organisation added. */
interface Obligation extends Omit<ReportObligationOpenedData, 'openedAt'> {
  sanction?: SanctionDecision;
  /** The organisation's latest draft while the report is unfiled (R-REP-2). */
  draft?: ReportDraft;
}
/** One report: none yet → owed → (overdue) → filed (→ amended versions) → false. */
export type ReportState =
  | { status: 'none' }
  | ({ status: 'owed' | 'overdue' } & Obligation)
  | ({ status: 'filed' | 'false'; versions: ReportVersion[] } & Obligation);

type Opened = Exclude<ReportState, { status: 'none' }>;

/** The report as opened (every command but the opening needs one). */
export const opened = (state: ReportState): Opened => {
  if (state.status === 'none') throw reportNotFound();
  return state;
};

export const initialReportState = (): ReportState => ({ status: 'none' });

export const evolveReport = (state: ReportState, event: ReportEvent): ReportState => {
  switch (event.type) {
    case 'ReportObligationOpened': {
      const { openedAt: _openedAt, ...obligation } = event.data;
      return { status: 'owed', ...obligation };
    }
    case 'ReportDraftSaved': {
      const s = opened(state);
      const { entered, savedBy, savedAt } = event.data;
      return s.status === 'owed' || s.status === 'overdue' ? { ...s, draft: { entered, savedBy, savedAt } } : s;
    }
    case 'ReportFiled': {
      // Filed: the draft has served (R-REP-2); what was filed is the version.
      const { draft: _draft, ...s } = opened(state);
      return {
        ...s,
        status: 'filed',
        versions: [{ version: 1, entered: event.data.entered, late: event.data.late, at: event.data.filedAt }],
      };
    }
    case 'ReportAmended': {
      const s = opened(state);
      const versions = 'versions' in s ? s.versions : [];
      const { version, entered, late, reason, amendedAt: at } = event.data;
      // A new version replaces a false one: it is filed again, to be judged anew (R-REP-2).
      return { ...s, status: 'filed', versions: [...versions, { version, entered, late, reason, at }] };
    }
    case 'ReportPrefillCorrected':
      return state.status === 'none' ? state : { ...state, prefilled: event.data.prefilled };
    case 'ReportFlaggedOverdue':
      return state.status === 'owed' ? { ...state, status: 'overdue' } : state;
    case 'ReportMarkedFalse':
      return state.status === 'filed' ? { ...state, status: 'false' } : state;
    case 'ReportSanctionDecided':
      return state.status === 'none' ? state : { ...state, sanction: event.data.decision };
    default:
      return assertNever(event);
  }
};
