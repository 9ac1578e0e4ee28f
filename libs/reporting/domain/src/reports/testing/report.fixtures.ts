import { periodById } from '../report-period';
import { ReportCommand } from '../report.commands';
import { EnteredFigures, PrefilledFigures, ReportEvent } from '../report.events';

type Command<T extends ReportCommand['type']> = Extract<ReportCommand, { type: T }>;

/** The report of the report specs: registration reg-1 of Tokyo (13), 2026 Q1, due on 20 April. */
export const Q1 = periodById('2026Q1');
export const REG = 'reg-1';
export const END = '2026-03-31T15:00:00.000Z'; // 1 April 00:00 JST
export const prefilled: PrefilledFigures = {
  messagesSent: 3,
  seekersReplied: 1,
  departments: [{ departmentId: 'd1', messagesSent: 3, seekersReplied: 1 }],
};
export const zero: EnteredFigures = { applicationsAccepted: 0, placements: 0, paidServicesProvided: 0 };

export const openObligation = (at = END): Command<'OpenObligation'> => ({
  type: 'OpenObligation',
  data: { registrationId: REG, prefecture: '13', period: Q1, prefilled, at },
});
export const opened: ReportEvent = {
  type: 'ReportObligationOpened',
  data: {
    registrationId: REG,
    prefecture: '13',
    period: '2026Q1',
    dueDay: '20260420',
    overdueAt: '2026-04-20T15:00:00.000Z',
    prefilled,
    openedAt: END,
  },
};

type Filing = Partial<Command<'FileReport'>['data']>;
/** The administrator (u1) files and amends; another user of the registration (u2) saves drafts. */
export const byNonAdmin = { admin: false, by: 'u2' };
export const file = (at: string, entered: EnteredFigures = zero, over: Filing = {}): Command<'FileReport'> => ({
  type: 'FileReport',
  data: { registrationId: REG, entered, admin: true, by: 'u1', at, ...over },
});
/** Filing what the draft holds: no figures in the command. */
export const fileDraft = (at = END, over: Filing = {}): Command<'FileReport'> => ({
  type: 'FileReport',
  data: { registrationId: REG, admin: true, by: 'u1', at, ...over },
});
export const filed = (at: string, late: boolean, entered = zero): ReportEvent => ({
  type: 'ReportFiled',
  data: { registrationId: REG, period: '2026Q1', version: 1, entered, late, filedBy: 'u1', filedAt: at },
});

export const amend = (
  entered: EnteredFigures,
  reason: string,
  over: Partial<Command<'AmendReport'>['data']> = {},
): Command<'AmendReport'> => ({
  type: 'AmendReport',
  data: { registrationId: REG, entered, reason, admin: true, by: 'u1', at: END, ...over },
});
/** What the amendment records: its figures, reason, author and time, as the new version. */
export const amended = ({ data }: Command<'AmendReport'>, outcome: { version: number; late: boolean }): ReportEvent => ({
  type: 'ReportAmended',
  data: {
    registrationId: REG,
    period: '2026Q1',
    version: outcome.version,
    entered: data.entered,
    reason: data.reason,
    late: outcome.late,
    amendedBy: data.by,
    amendedAt: data.at,
  },
});

export const saveDraft = (entered: EnteredFigures, registrationId = REG): Command<'SaveDraft'> => ({
  type: 'SaveDraft',
  data: { registrationId, entered, by: 'u2', at: END },
});
export const draftSaved = (entered: EnteredFigures, by = 'u2', at = END): ReportEvent => ({
  type: 'ReportDraftSaved',
  data: { registrationId: REG, period: '2026Q1', entered, savedBy: by, savedAt: at },
});

export const flagOverdue = (at: string): Command<'FlagOverdue'> => ({ type: 'FlagOverdue', data: { at } });
export const overdue: ReportEvent = {
  type: 'ReportFlaggedOverdue',
  data: { registrationId: REG, period: '2026Q1', prefecture: '13', dueDay: '20260420', flaggedAt: '2026-04-20T15:00:00.000Z' },
};

/** Tokyo's bureau suspends for 6 months, unless `over` says otherwise. */
export const sanction = (over: Partial<Command<'DecideSanction'>['data']> = {}): Command<'DecideSanction'> => ({
  type: 'DecideSanction',
  data: {
    bureauPrefecture: '13',
    decision: 'suspension',
    reason: 'no Q1 report',
    resumedAfterSanction: false,
    suspensionMonths: 6,
    by: 'officer',
    at: '2026-04-25T01:00:00.000Z',
    ...over,
  },
});

export const correctPrefill = (figures: PrefilledFigures, at: string): Command<'CorrectPrefill'> => ({
  type: 'CorrectPrefill',
  data: { prefilled: figures, at },
});
