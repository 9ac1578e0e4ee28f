export type { OrganisationKind } from '@hw/registration/contracts';
export * from './search/search.policies';
export * from './search/search.criteria';
