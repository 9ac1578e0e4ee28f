import { ConsultationOpenedData } from './consultation.events';

export type ConsultationState = { status: 'none' } | { status: 'open' | 'answered'; consultation: ConsultationOpenedData };

export type OpenedConsultationState = Exclude<ConsultationState, { status: 'none' }>;
