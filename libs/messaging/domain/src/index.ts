export type { OrganisationKind } from '@hw/registration/contracts';
export * from './thread';
export * from './daily-quota';
export * from './send';
