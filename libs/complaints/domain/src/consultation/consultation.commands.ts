import { ComplaintActor } from '../complaint/complaint.commands';

interface Base {
  actor: ComplaintActor;
  at: string;
}

export type ConsultationCommand =
  | (Base & {
      type: 'OpenConsultation';
      consultationId: string;
      registrationId: string;
      officeCode: string;
      threadId?: string;
      sealedText: string;
      /** Fact read before deciding (R-CMP-3): the named thread is the registration's. Ignored without a thread. */
      threadOfRegistration: boolean;
    })
  | (Base & { type: 'RecordConsultationRead' })
  | (Base & { type: 'AnswerConsultation'; sealedAnswer: string });

export type ConsultationCommandType = ConsultationCommand['type'];
