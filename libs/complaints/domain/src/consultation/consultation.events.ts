/**
 * A standalone consultation's domain events (stream `consultation-<consultationId>`, R-CMP-3): an
 * organisation in trouble with a seeker, through its complaint officer, consults a Hello Work
 * complaint desk without a complaint. Nothing is edited or deleted (R-CMP-4).
 *
 * The seeker, if named at all, is named by the messaging thread the registration has with them
 * (`threadId`): an id the organisation already sees, from which no seeker id can be derived
 * (R-SKR-5). Texts are sealed before they reach the log under the consultation's own key in the
 * complaints key ring (key id = consultationId); when the thread's seeker is erased, that key is
 * destroyed (R-AUD-2) — the text and the answer no longer open, the events and counts stay.
 */
export interface ConsultationOpenedData {
  consultationId: string;
  registrationId: string;
  officerId: string;
  /** The Hello Work office whose complaint desk is consulted. */
  officeCode: string;
  /** The registration's thread with the seeker concerned; absent when no seeker is named. */
  threadId?: string;
  sealedText: string;
  openedAt: string;
}

export type ConsultationReaderRole = 'complaint-desk' | 'hq-auditor';

export type ConsultationEvent =
  | { type: 'ConsultationOpened'; data: ConsultationOpenedData }
  | { type: 'ConsultationRead'; data: { consultationId: string; staffId: string; role: ConsultationReaderRole; at: string } }
  | {
      type: 'ConsultationAnswered';
      data: { consultationId: string; staffId: string; officeCode: string; sealedAnswer: string; at: string };
    };

export type ConsultationEventType = ConsultationEvent['type'];
export const consultationStreamId = (consultationId: string): string => `consultation-${consultationId}`;
