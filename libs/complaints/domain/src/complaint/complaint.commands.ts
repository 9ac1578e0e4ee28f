import { ComplaintCategory, DeskOutcome, EscalationReason, SanctionDecision } from './complaint.events';

/** Who acts, as the token says (deny by default: the policies decide per command). */
export type ComplaintActor =
  | { kind: 'seeker'; id: string }
  | { kind: 'organisation-user'; id: string; registrationId: string; complaintOfficer: boolean }
  | { kind: 'staff'; id: string; role: string; officeCode?: string; prefecture?: string }
  | { kind: 'system'; id: string };

interface Base {
  actor: ComplaintActor;
  at: string;
}

export type ComplaintCommand =
  | (Base & {
      type: 'FileComplaint';
      complaintId: string;
      registrationId: string;
      category: ComplaintCategory;
      sealedText: string;
      messageIds: string[];
      officeCode: string;
      /** Fact read before deciding (R-CMP-1): the seeker and the registration share a messaging thread. */
      sharesThread: boolean;
      acknowledgeBy: string;
      answerBy: string;
    })
  | (Base & { type: 'AcknowledgeComplaint' })
  | (Base & { type: 'PostComplaintMessage'; messageId: string; sealedBody: string })
  | (Base & { type: 'AnswerComplaint'; sealedAnswer: string })
  | (Base & { type: 'FlagOverdue' })
  | (Base & { type: 'ResolveComplaint' })
  | (Base & { type: 'ConsultDesk'; sealedText: string; /** Default: the office named at filing. */ officeCode?: string })
  | (Base & { type: 'AnswerConsultation'; sealedText: string })
  | (Base & { type: 'EscalateComplaint'; reason: EscalationReason; sealedReason: string; officeCode?: string })
  | (Base & { type: 'RecordStaffRead'; /** Fact: the registration's prefecture, when known (R-ORG-2). */ registrationPrefecture?: string })
  | (Base & { type: 'RecordDeskStep'; sealedNote: string })
  | (Base & {
      type: 'RecordDeskOutcome';
      outcome: DeskOutcome;
      sealedNote: string;
      /** Fact: the registration's prefecture (R-ORG-2). */ prefecture?: string;
    })
  | (Base & { type: 'DecideSanction'; decision: SanctionDecision; until?: string })
  | (Base & { type: 'RecordSanctionCarriedOut'; registrationEventId: string; status: string });

export type ComplaintCommandType = ComplaintCommand['type'];
