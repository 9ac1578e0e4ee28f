import { ComplaintFiledData, OverdueStep, SanctionDecision } from './complaint.events';

/** With the organisation's complaint officer first (R-CMP-1), then a Hello Work desk (R-CMP-2), then the bureau (R-CMP-5). */
export type ComplaintStatus =
  'filed' | 'acknowledged' | 'answered' | 'resolved' | 'escalated' | 'closed-by-desk' | 'sanction-requested' | 'sanction-decided';

export type ComplaintState =
  | { status: 'none' }
  | {
      status: ComplaintStatus;
      complaint: ComplaintFiledData;
      /** Office whose desk has it (R-CMP-2), once escalated. */
      deskOffice?: string;
      /** R-CMP-3: the office whose desk the complaint officer consulted. */
      consultedOffice?: string;
      /** The registration's prefecture, named with a sanction request (R-ORG-2). */
      prefecture?: string;
      overdue: OverdueStep[];
      sanction?: { decision: SanctionDecision; until?: string };
      sanctionCarriedOut: boolean;
    };

export type FiledComplaintState = Exclude<ComplaintState, { status: 'none' }>;

export const WITH_ORGANISATION: readonly ComplaintStatus[] = ['filed', 'acknowledged', 'answered'];
export const isWithOrganisation = (s: FiledComplaintState): boolean => WITH_ORGANISATION.includes(s.status);
