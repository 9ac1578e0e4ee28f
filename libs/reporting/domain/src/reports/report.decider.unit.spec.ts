import { fold } from '@hw/platform/core';
import { DeciderSpecification } from '@hw/platform/testing';
import { reportDecider } from './report.decider';
import { ReportRefused } from './report.errors';
import { PrefilledFigures, ReportEvent } from './report.events';
import {
  amend,
  amended,
  byNonAdmin,
  correctPrefill,
  draftSaved,
  END,
  file,
  fileDraft,
  filed,
  flagOverdue,
  openObligation,
  opened,
  overdue,
  prefilled,
  REG,
  sanction,
  saveDraft,
  zero,
} from './testing/report.fixtures';

const spec = DeciderSpecification.for(reportDecider);

describe('report decider: obligations (R-REP-1)', () => {
  it('R-REP-1: at 1 April 00:00 JST the Q1 obligation opens with its prefilled figures (R-REP-2)', () => {
    spec.given([]).when(openObligation()).then([opened]);
  });

  it('R-REP-1: at 31 March 23:59:59.999 JST the Q1 obligation cannot open yet', () => {
    spec
      .given([])
      .when(openObligation('2026-03-31T14:59:59.999Z'))
      .thenThrows(ReportRefused, { code: 'PERIOD_NOT_ENDED', rule: 'R-REP-1' });
  });

  it('R-REP-1: opening again opens nothing new (the clock pass is idempotent)', () => {
    spec.given([opened]).when(openObligation()).then([]);
  });
});

describe('report decider: filing and amending (R-REP-1, R-REP-2)', () => {
  it('R-REP-2: a zero report is one request: every entered figure 0, filed on time on the 20th (23:59 JST)', () => {
    spec
      .given([opened])
      .when(file('2026-04-20T14:59:00.000Z'))
      .then([filed('2026-04-20T14:59:00.000Z', false)]);
  });

  it('R-REP-1: filed on the 21st (00:00 JST) it is recorded as late', () => {
    spec
      .given([opened])
      .when(file('2026-04-20T15:00:00.000Z'))
      .then([filed('2026-04-20T15:00:00.000Z', true)]);
  });

  it('R-REP-1: a report for a period not yet ended does not exist to be filed', () => {
    spec.given([]).when(file('2026-03-31T14:59:59.999Z')).thenThrows(ReportRefused, { code: 'REPORT_NOT_FOUND', kind: 'not-found' });
  });

  it('R-REP-2: placements above applications accepted are refused naming the rule and the field', () => {
    spec
      .given([opened])
      .when(file(END, { applicationsAccepted: 1, placements: 2, paidServicesProvided: 0 }))
      .thenThrows(ReportRefused, { code: 'INVALID_FIGURE', rule: 'R-REP-2', field: 'placements' });
  });

  it('R-REP-2: a negative or fractional entered figure is refused naming the field', () => {
    spec
      .given([opened])
      .when(file(END, { ...zero, paidServicesProvided: -1 }))
      .thenThrows(ReportRefused, { rule: 'R-REP-2', field: 'paidServicesProvided' });
    spec
      .given([opened])
      .when(file(END, { ...zero, applicationsAccepted: 1.5 }))
      .thenThrows(ReportRefused, { rule: 'R-REP-2', field: 'applicationsAccepted' });
  });

  it("R-ORG-6: another registration's user cannot file this report", () => {
    spec
      .given([opened])
      .when(file(END, zero, { registrationId: 'reg-2' }))
      .thenThrows(ReportRefused, { code: 'NOT_YOUR_REGISTRATION', kind: 'forbidden' });
  });

  it('R-REP-2: filing twice is refused: a filed report is amended with a reason', () => {
    spec
      .given([opened, filed(END, false)])
      .when(file(END))
      .thenThrows(ReportRefused, { code: 'REPORT_ALREADY_FILED', kind: 'conflict' });
  });

  it('R-REP-2: an amendment with a reason makes version 2; without a reason it is refused', () => {
    const entered = { applicationsAccepted: 4, placements: 2, paidServicesProvided: 1 };
    const amendment = amend(entered, 'two placements confirmed late', { at: '2026-05-01T00:00:00.000Z' });
    spec
      .given([opened, filed(END, false)])
      .when(amendment)
      .then([amended(amendment, { version: 2, late: true })]);
    spec
      .given([opened, filed(END, false)])
      .when(amend(entered, '  '))
      .thenThrows(ReportRefused, { code: 'REASON_REQUIRED', field: 'reason' });
  });

  it('R-REP-2: an unfiled report cannot be amended', () => {
    spec.given([opened]).when(amend(zero, 'r')).thenThrows(ReportRefused, { code: 'REPORT_NOT_FILED' });
  });
});

describe("report decider: the registration's administrator files and amends (R-REP-1)", () => {
  it('R-REP-1: a user of the registration who is not its administrator can neither file nor amend', () => {
    spec
      .given([opened])
      .when(file(END, zero, byNonAdmin))
      .thenThrows(ReportRefused, { code: 'NOT_REGISTRATION_ADMIN', rule: 'R-REP-1', kind: 'forbidden' });
    spec
      .given([opened, filed(END, false)])
      .when(amend(zero, 'r', byNonAdmin))
      .thenThrows(ReportRefused, { code: 'NOT_REGISTRATION_ADMIN', rule: 'R-REP-1', kind: 'forbidden' });
  });
});

describe('report decider: drafts (R-REP-2)', () => {
  const figures = { applicationsAccepted: 5, placements: 2, paidServicesProvided: 1 };

  it('R-REP-2: any user of the registration saves entered figures as a draft of an unfiled report, owed or overdue; figures checked', () => {
    spec
      .given([opened])
      .when(saveDraft(figures))
      .then([draftSaved(figures)]);
    spec
      .given([opened, overdue])
      .when(saveDraft(figures))
      .then([draftSaved(figures)]);
    spec
      .given([opened])
      .when(saveDraft({ applicationsAccepted: 1, placements: 2, paidServicesProvided: 0 }))
      .thenThrows(ReportRefused, { code: 'INVALID_FIGURE', rule: 'R-REP-2', field: 'placements' });
    spec.given([opened]).when(saveDraft(figures, 'reg-2')).thenThrows(ReportRefused, { code: 'NOT_YOUR_REGISTRATION' });
    spec.given([]).when(saveDraft(figures)).thenThrows(ReportRefused, { code: 'REPORT_NOT_FOUND' });
  });

  it('R-REP-2: a filed report takes no draft (it is amended with a reason)', () => {
    spec
      .given([opened, filed(END, false)])
      .when(saveDraft(figures))
      .thenThrows(ReportRefused, { code: 'REPORT_ALREADY_FILED' });
  });

  it('R-REP-1, R-REP-2: filing from the draft records the figures of the latest draft, as filed, late after the due day', () => {
    const later = { ...figures, placements: 3 };
    spec
      .given([opened, draftSaved(figures), draftSaved(later, 'u3')])
      .when(fileDraft('2026-05-01T00:00:00.000Z'))
      .then([
        {
          type: 'ReportFiled',
          data: {
            registrationId: REG,
            period: '2026Q1',
            version: 1,
            entered: later,
            late: true,
            fromDraft: true,
            filedBy: 'u1',
            filedAt: '2026-05-01T00:00:00.000Z',
          },
        },
      ]);
  });

  it('R-REP-2: filing figures directly ignores the draft; without figures and without a draft there is nothing to file', () => {
    spec
      .given([opened, draftSaved(figures)])
      .when(file(END))
      .then([filed(END, false)]);
    spec.given([opened]).when(fileDraft()).thenThrows(ReportRefused, { code: 'DRAFT_NOT_FOUND', rule: 'R-REP-2', kind: 'not-found' });
    const amendment = amend(zero, 'r');
    spec
      .given([opened, draftSaved(figures), filed(END, false)])
      .when(amendment)
      .then([amended(amendment, { version: 2, late: false })]);
  });

  it('R-REP-1: only the administrator files the draft', () => {
    spec
      .given([opened, draftSaved(figures)])
      .when(fileDraft(END, byNonAdmin))
      .thenThrows(ReportRefused, { code: 'NOT_REGISTRATION_ADMIN', rule: 'R-REP-1' });
  });

  it('R-REP-2: once filed, the draft is gone from the state', () => {
    const state = fold(reportDecider, [opened, draftSaved(figures), filed(END, false)]);
    expect(state).not.toHaveProperty('draft');
    const unfiled = fold(reportDecider, [opened, draftSaved(figures)]);
    expect(unfiled).toMatchObject({ status: 'owed', draft: { entered: figures, savedBy: 'u2', savedAt: END } });
  });
});

describe('report decider: overdue and sanctions (R-REP-3)', () => {
  it('R-REP-3: at 20 April 23:59:59.999 JST nothing is overdue; at 21 April 00:00 JST the unfiled obligation is flagged, once', () => {
    spec.given([opened]).when(flagOverdue('2026-04-20T14:59:59.999Z')).then([]);
    spec.given([opened]).when(flagOverdue('2026-04-20T15:00:00.000Z')).then([overdue]);
    spec.given([opened, overdue]).when(flagOverdue('2026-04-22T15:00:00.000Z')).then([]);
  });

  it('R-REP-3: a filed report is never flagged overdue', () => {
    spec
      .given([opened, filed(END, false)])
      .when(flagOverdue('2026-04-21T00:00:00.000Z'))
      .then([]);
  });

  it('R-REP-3: the bureau suspends an overdue registration for 6 months (the proposal for a first sanction)', () => {
    spec
      .given([opened, overdue])
      .when(sanction())
      .then([
        {
          type: 'ReportSanctionDecided',
          data: {
            registrationId: REG,
            period: '2026Q1',
            prefecture: '13',
            proposed: 'suspension',
            decision: 'suspension',
            until: '2026-10-25T01:00:00.000Z',
            reason: 'no Q1 report',
            decidedBy: 'officer',
            decidedAt: '2026-04-25T01:00:00.000Z',
          },
        },
      ]);
  });

  it('R-REP-3: a repeat after resumption is proposed termination; termination without grounds is refused', () => {
    spec
      .given([opened, overdue])
      .when(sanction({ decision: 'termination', resumedAfterSanction: true }))
      .then([
        expect.objectContaining({
          type: 'ReportSanctionDecided',
          data: expect.objectContaining({ proposed: 'termination', decision: 'termination' }),
        }),
      ] as ReportEvent[]);
    spec
      .given([opened, overdue])
      .when(sanction({ decision: 'termination' }))
      .thenThrows(ReportRefused, { code: 'TERMINATION_NOT_GROUNDED', rule: 'R-REP-3' });
  });

  it("R-REP-3, R-ORG-2: another prefecture's bureau cannot decide; a report neither overdue nor false has nothing to sanction", () => {
    spec
      .given([opened, overdue])
      .when(sanction({ bureauPrefecture: '27' }))
      .thenThrows(ReportRefused, { code: 'NOT_YOUR_BUREAU', rule: 'R-ORG-2' });
    spec
      .given([opened, filed(END, false)])
      .when(sanction())
      .thenThrows(ReportRefused, { code: 'NOTHING_TO_SANCTION' });
  });

  it('R-REP-3: a filed report marked false may be terminated at once when clearly malicious', () => {
    const markedFalse: ReportEvent = {
      type: 'ReportMarkedFalse',
      data: { registrationId: REG, period: '2026Q1', version: 1, reason: 'figures invented', markedBy: 'officer', markedAt: END },
    };
    spec
      .given([opened, filed(END, false)])
      .when({ type: 'MarkFalse', data: { bureauPrefecture: '13', reason: 'figures invented', by: 'officer', at: END } })
      .then([markedFalse]);
    spec
      .given([opened, filed(END, false), markedFalse])
      .when(sanction({ decision: 'termination', malicious: true }))
      .then([
        expect.objectContaining({ data: expect.objectContaining({ proposed: 'suspension', decision: 'termination' }) }),
      ] as ReportEvent[]);
  });
});

describe('report decider: a fact in transit at 00:00 JST corrects the prefill (R-REP-2)', () => {
  const recounted: PrefilledFigures = {
    messagesSent: 4,
    seekersReplied: 1,
    departments: [{ departmentId: 'd1', messagesSent: 4, seekersReplied: 1 }],
  };
  const AT = '2026-04-01T00:05:00.000Z';
  const corrected = (afterFiling: boolean): ReportEvent => ({
    type: 'ReportPrefillCorrected',
    data: { registrationId: REG, period: '2026Q1', prefilled: recounted, previous: prefilled, afterFiling, correctedAt: AT },
  });

  it('R-REP-2: a recount with a late message corrects the figures of an owed report, recording the previous ones', () => {
    spec
      .given([opened])
      .when(correctPrefill(recounted, AT))
      .then([corrected(false)]);
  });

  it('R-REP-2: a filed report is corrected too, marked as after filing; the entered figures stay the filed version', () => {
    spec
      .given([opened, filed('2026-04-10T01:00:00.000Z', false)])
      .when(correctPrefill(recounted, AT))
      .then([corrected(true)]);
  });

  it('R-REP-2: a recount that agrees (departments in any order) records nothing; nor does one before the opening', () => {
    const reordered = { ...prefilled, departments: [...prefilled.departments].reverse() };
    spec.given([opened]).when(correctPrefill(reordered, AT)).then([]);
    spec.given([]).when(correctPrefill(recounted, AT)).then([]);
  });

  it('R-REP-2: once corrected, the same recount again records nothing (the clock pass re-runs)', () => {
    spec
      .given([opened, corrected(false)])
      .when(correctPrefill(recounted, AT))
      .then([]);
  });
});
