import { TokenClaims } from '@hw/platform/nest';
import { Actor } from '@hw/registration/domain';

/** Who acts on a seeker's stream: staff with their role and office (R-STF-1), anyone else by kind and id. */
export const seekerActorOf = (principal: TokenClaims): Actor =>
  principal.kind === 'staff'
    ? { kind: 'staff', id: principal.sub, role: principal.role, ...(principal.officeCode ? { officeCode: principal.officeCode } : {}) }
    : { kind: principal.kind, id: principal.sub };
