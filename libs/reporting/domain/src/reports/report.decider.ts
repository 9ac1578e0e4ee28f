import { assertNever, Decider } from '@hw/platform/core';
import { periodById } from './report-period';
import { ReportCommand } from './report.commands';
import { alreadyDecided, alreadyFiled, draftNotFound, nothingToSanction, notFiled, reportNotFound } from './report.errors';
import { EnteredFigures, PrefilledFigures, ReportEvent, SanctionDecision } from './report.events';
import {
  enteredFiguresPolicy,
  filingAfterPeriodEndPolicy,
  lateFilingPolicy,
  overduePolicy,
  ownBureauPolicy,
  ownRegistrationPolicy,
  proposedSanctionPolicy,
  registrationAdminPolicy,
  reasonPolicy,
  suspensionEnd,
  terminationGroundsPolicy,
} from './report.policies';

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
interface Obligation {
  registrationId: string;
  prefecture: string;
  period: string;
  dueDay: string;
  overdueAt: string;
  prefilled: PrefilledFigures;
  sanction?: SanctionDecision;
  /** The organisation's latest draft while the report is unfiled (R-REP-2). */
  draft?: ReportDraft;
}
/** One report: none yet → owed → (overdue) → filed (→ amended versions) → false. */
export type ReportState =
  | { status: 'none' }
  | ({ status: 'owed' | 'overdue' } & Obligation)
  | ({ status: 'filed' | 'false'; versions: ReportVersion[] } & Obligation);

type Of<T extends ReportCommand['type']> = Extract<ReportCommand, { type: T }>['data'];
type Opened = Exclude<ReportState, { status: 'none' }>;

const opened = (state: ReportState): Opened => {
  if (state.status === 'none') throw reportNotFound();
  return state;
};

/** R-REP-1, R-REP-2: opened once, with the prefill; opening again is a no-op (the clock pass re-runs). */
const openObligation = (d: Of<'OpenObligation'>, state: ReportState): ReportEvent[] => {
  if (state.status !== 'none') return [];
  const { period } = d;
  filingAfterPeriodEndPolicy(period.endsAt, d.at);
  return [
    {
      type: 'ReportObligationOpened',
      data: {
        registrationId: d.registrationId,
        prefecture: d.prefecture,
        period: period.id,
        dueDay: period.dueDay,
        overdueAt: period.overdueAt,
        prefilled: d.prefilled,
        openedAt: d.at,
      },
    },
  ];
};

/** R-REP-2: any user of the registration saves entered figures as the draft of an unfiled report; a later save replaces it. */
const saveDraft = (d: Of<'SaveDraft'>, state: ReportState): ReportEvent[] => {
  const s = opened(state);
  ownRegistrationPolicy(s.registrationId, d.registrationId);
  if (s.status === 'filed' || s.status === 'false') throw alreadyFiled();
  enteredFiguresPolicy(d.entered);
  return [
    {
      type: 'ReportDraftSaved',
      data: { registrationId: s.registrationId, period: s.period, entered: d.entered, savedBy: d.by, savedAt: d.at },
    },
  ];
};

/**
 * R-REP-1, R-REP-2: the administrator, after the period; late after the due day; entered figures
 * checked. Without figures in the command the saved draft is filed; the event records what was filed.
 */
const fileReport = (d: Of<'FileReport'>, state: ReportState): ReportEvent[] => {
  registrationAdminPolicy(d.admin);
  const s = opened(state);
  ownRegistrationPolicy(s.registrationId, d.registrationId);
  if (s.status === 'filed' || s.status === 'false') throw alreadyFiled();
  filingAfterPeriodEndPolicy(periodById(s.period).endsAt, d.at);
  const fromDraft = d.entered === undefined;
  const entered = d.entered ?? s.draft?.entered;
  if (entered === undefined) throw draftNotFound();
  enteredFiguresPolicy(entered);
  const late = lateFilingPolicy(s.dueDay, d.at);
  return [
    {
      type: 'ReportFiled',
      data: {
        registrationId: s.registrationId,
        period: s.period,
        version: 1,
        entered,
        late,
        ...(fromDraft ? { fromDraft: true } : {}),
        filedBy: d.by,
        filedAt: d.at,
      },
    },
  ];
};

/** R-REP-1, R-REP-2: the administrator amends with a reason, making a new version; the prefill stays. */
const amendReport = (d: Of<'AmendReport'>, state: ReportState): ReportEvent[] => {
  registrationAdminPolicy(d.admin);
  const s = opened(state);
  ownRegistrationPolicy(s.registrationId, d.registrationId);
  if (s.status !== 'filed' && s.status !== 'false') throw notFiled();
  reasonPolicy(d.reason);
  enteredFiguresPolicy(d.entered);
  const version = s.versions.length + 1;
  const late = lateFilingPolicy(s.dueDay, d.at);
  return [
    {
      type: 'ReportAmended',
      data: {
        registrationId: s.registrationId,
        period: s.period,
        version,
        entered: d.entered,
        reason: d.reason,
        late,
        amendedBy: d.by,
        amendedAt: d.at,
      },
    },
  ];
};

/** R-REP-3: at 00:00 JST after the due day an unfiled obligation is flagged, once. */
const flagOverdue = (d: Of<'FlagOverdue'>, state: ReportState): ReportEvent[] => {
  if (state.status !== 'owed' || !overduePolicy(state.overdueAt, d.at)) return [];
  return [
    {
      type: 'ReportFlaggedOverdue',
      data: {
        registrationId: state.registrationId,
        period: state.period,
        prefecture: state.prefecture,
        dueDay: state.dueDay,
        flaggedAt: d.at,
      },
    },
  ];
};

/** R-REP-3, R-ORG-2: the registration's bureau marks a filed report false, with a reason. */
const markFalse = (d: Of<'MarkFalse'>, state: ReportState): ReportEvent[] => {
  const s = opened(state);
  ownBureauPolicy(s.prefecture, d.bureauPrefecture);
  if (s.status !== 'filed') throw notFiled();
  reasonPolicy(d.reason);
  return [
    {
      type: 'ReportMarkedFalse',
      data: {
        registrationId: s.registrationId,
        period: s.period,
        version: s.versions.length,
        reason: d.reason,
        markedBy: d.by,
        markedAt: d.at,
      },
    },
  ];
};

/** R-REP-3, R-ORG-2: a missing (overdue) or false report; the rule proposes, the officer decides. */
const decideSanction = (d: Of<'DecideSanction'>, state: ReportState): ReportEvent[] => {
  const s = opened(state);
  ownBureauPolicy(s.prefecture, d.bureauPrefecture);
  if (s.status !== 'overdue' && s.status !== 'false') throw nothingToSanction();
  if (s.sanction !== undefined) throw alreadyDecided();
  reasonPolicy(d.reason);
  terminationGroundsPolicy(d.decision, d.resumedAfterSanction, s.status === 'false' && d.malicious === true);
  return [
    {
      type: 'ReportSanctionDecided',
      data: {
        registrationId: s.registrationId,
        period: s.period,
        prefecture: s.prefecture,
        proposed: proposedSanctionPolicy(d.resumedAfterSanction),
        decision: d.decision,
        ...(d.decision === 'suspension' ? { until: suspensionEnd(d.at, d.suspensionMonths) } : {}),
        reason: d.reason,
        decidedBy: d.by,
        decidedAt: d.at,
      },
    },
  ];
};

const decide = (command: ReportCommand, state: ReportState): ReportEvent[] => {
  switch (command.type) {
    case 'OpenObligation':
      return openObligation(command.data, state);
    case 'SaveDraft':
      return saveDraft(command.data, state);
    case 'FileReport':
      return fileReport(command.data, state);
    case 'AmendReport':
      return amendReport(command.data, state);
    case 'FlagOverdue':
      return flagOverdue(command.data, state);
    case 'MarkFalse':
      return markFalse(command.data, state);
    case 'DecideSanction':
      return decideSanction(command.data, state);
    default:
      return assertNever(command);
  }
};

const evolve = (state: ReportState, event: ReportEvent): ReportState => {
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

export const reportDecider: Decider<ReportCommand, ReportEvent, ReportState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
