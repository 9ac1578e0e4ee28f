/**
 * A complaint's domain events (stream `complaint-<complaintId>`). Every step is an event and
 * nothing is edited or deleted (R-CMP-4). Free text — the complaint, messages, notes, reasons —
 * is sealed under the seeker's key before it reaches the log (R-AUD-2): `sealed*` fields only.
 */
export const COMPLAINT_CATEGORIES = ['unwanted-messages', 'personal-data-handling', 'paid-services', 'conduct', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const ESCALATION_REASONS = ['not-satisfied', 'officer-hard-to-reach'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const DESK_OUTCOMES = ['resolved', 'advice-given', 'no-fault-found', 'sanction-requested'] as const;
export type DeskOutcome = (typeof DESK_OUTCOMES)[number];

export const SANCTION_DECISIONS = ['suspension', 'termination', 'no-action'] as const;
export type SanctionDecision = (typeof SANCTION_DECISIONS)[number];

export type ComplaintParty = 'seeker' | 'complaint-officer' | 'complaint-desk';
export type OverdueStep = 'acknowledgement' | 'answer';

export interface ComplaintFiledData {
  complaintId: string;
  seekerId: string;
  registrationId: string;
  category: ComplaintCategory;
  sealedText: string;
  messageIds: string[];
  /** The Hello Work office whose complaint desk an escalation goes to by default (R-CMP-2). */
  officeCode: string;
  filedAt: string;
  /** R-CMP-1 policy: COMPLAINT_ACK_DAYS / COMPLAINT_ANSWER_DAYS after filing. */
  acknowledgeBy: string;
  answerBy: string;
}

export type ComplaintEvent =
  | { type: 'ComplaintFiled'; data: ComplaintFiledData }
  | { type: 'ComplaintAcknowledged'; data: { complaintId: string; officerId: string; at: string } }
  | {
      type: 'ComplaintMessagePosted';
      data: { complaintId: string; messageId: string; from: ComplaintParty; authorId: string; sealedBody: string; at: string };
    }
  | { type: 'ComplaintAnswered'; data: { complaintId: string; officerId: string; sealedAnswer: string; at: string } }
  | { type: 'ComplaintOverdue'; data: { complaintId: string; step: OverdueStep; dueAt: string; at: string } }
  | { type: 'ComplaintResolved'; data: { complaintId: string; at: string } }
  | {
      type: 'ComplaintEscalated';
      data: { complaintId: string; reason: EscalationReason; sealedReason: string; officeCode: string; at: string };
    }
  | { type: 'DeskConsulted'; data: { complaintId: string; officerId: string; officeCode: string; sealedText: string; at: string } }
  | { type: 'ConsultationAnswered'; data: { complaintId: string; staffId: string; sealedText: string; at: string } }
  | {
      type: 'ComplaintTextRead';
      data: { complaintId: string; staffId: string; role: 'complaint-desk' | 'bureau-officer' | 'hq-auditor'; at: string };
    }
  | { type: 'DeskStepRecorded'; data: { complaintId: string; staffId: string; sealedNote: string; at: string } }
  | {
      type: 'DeskOutcomeRecorded';
      data: { complaintId: string; staffId: string; outcome: DeskOutcome; sealedNote: string; prefecture?: string; at: string };
    }
  | {
      type: 'SanctionDecided';
      data: {
        complaintId: string;
        registrationId: string;
        officerId: string;
        prefecture: string;
        decision: SanctionDecision;
        until?: string;
        at: string;
      };
    }
  | {
      type: 'SanctionCarriedOut';
      data: { complaintId: string; registrationId: string; registrationEventId: string; status: string; at: string };
    };

export type ComplaintEventType = ComplaintEvent['type'];
export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;
