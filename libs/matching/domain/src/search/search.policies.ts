/**
 * Who may search. Who may be found — eligible, not stopped, in scope, not blocked (R-SKR-1 …
 * R-SKR-6) — is decided by the search query's SQL alone, and proved by the search int spec.
 */
export type RegistrationStatus = 'active' | 'suspended' | 'terminated' | 'expired';

/** R-ORG-1: an organisation searches only while its registration is active. */
export const registrationMaySearchPolicy = (status: RegistrationStatus): boolean => status === 'active';
