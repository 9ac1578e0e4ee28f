import { decideByType, Decider, OfType } from '@hw/platform/core';
import { periodById } from './report-period';
import { evolveReport, initialReportState, opened, ReportState } from './report.state';
import { ReportCommand } from './report.commands';
import { alreadyDecided, alreadyFiled, draftNotFound, nothingToSanction, notFiled } from './report.errors';
import { PrefilledFigures, ReportEvent } from './report.events';
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

type Command<T extends ReportCommand['type']> = OfType<ReportCommand, T>;

/** R-REP-1, R-REP-2: opened once, with the prefill; opening again is a no-op (the clock pass re-runs). */
const openObligation = ({ data: d }: Command<'OpenObligation'>, state: ReportState): ReportEvent[] => {
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
const saveDraft = ({ data: d }: Command<'SaveDraft'>, state: ReportState): ReportEvent[] => {
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
const fileReport = ({ data: d }: Command<'FileReport'>, state: ReportState): ReportEvent[] => {
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
const amendReport = ({ data: d }: Command<'AmendReport'>, state: ReportState): ReportEvent[] => {
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

/** Departments in id order, so two counts of the same facts compare equal. */
const samePrefill = (a: PrefilledFigures, b: PrefilledFigures): boolean =>
  a.messagesSent === b.messagesSent &&
  a.seekersReplied === b.seekersReplied &&
  JSON.stringify([...a.departments].sort(byDepartment)) === JSON.stringify([...b.departments].sort(byDepartment));
const byDepartment = (x: { departmentId: string }, y: { departmentId: string }) => (x.departmentId < y.departmentId ? -1 : 1);

/**
 * R-REP-2: a late fact of the period (in transit at 00:00 JST) corrects the system's figures in
 * any status — they are the platform's count, never the organisation's; before the opening, and
 * when the recount agrees, nothing happens (the clock pass re-runs).
 */
const correctPrefill = ({ data: d }: Command<'CorrectPrefill'>, state: ReportState): ReportEvent[] => {
  if (state.status === 'none' || samePrefill(state.prefilled, d.prefilled)) return [];
  return [
    {
      type: 'ReportPrefillCorrected',
      data: {
        registrationId: state.registrationId,
        period: state.period,
        prefilled: d.prefilled,
        previous: state.prefilled,
        afterFiling: state.status === 'filed' || state.status === 'false',
        correctedAt: d.at,
      },
    },
  ];
};

/** R-REP-3: at 00:00 JST after the due day an unfiled obligation is flagged, once. */
const flagOverdue = ({ data: d }: Command<'FlagOverdue'>, state: ReportState): ReportEvent[] => {
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
const markFalse = ({ data: d }: Command<'MarkFalse'>, state: ReportState): ReportEvent[] => {
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
const decideSanction = ({ data: d }: Command<'DecideSanction'>, state: ReportState): ReportEvent[] => {
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

const decide = decideByType<ReportCommand, ReportState, ReportEvent>({
  OpenObligation: openObligation,
  SaveDraft: saveDraft,
  FileReport: fileReport,
  AmendReport: amendReport,
  CorrectPrefill: correctPrefill,
  FlagOverdue: flagOverdue,
  MarkFalse: markFalse,
  DecideSanction: decideSanction,
});

export const reportDecider: Decider<ReportCommand, ReportEvent, ReportState> = {
  initialState: initialReportState,
  decide,
  evolve: evolveReport,
};
