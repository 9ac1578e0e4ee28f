import { Injectable } from '@nestjs/common';
import { TokenClaims } from '@hw/platform/nest';
import { registrationFactsStreamId } from '@hw/registration/contracts';
import { FreshnessService } from './freshness';
import { Forwarded, ForwardingService } from './forwarding';
import { Owner } from './gateway.config';
import { ActionName, DESK_ACTIONS, GatewayQueries, registrationNotFound } from './queries';
import { bureauOf, notYourBureau, notYourOffice, scopeOf, StaffScope } from './scope';
import { StaffDirectory } from './staff-directory';

export interface ActionTarget {
  registrationId: string;
  changeId?: string;
  complaintId?: string;
  period?: string;
}

/** Where each action goes: the owner and its route (the owner's own API, unchanged). */
const ROUTES: Record<ActionName, { owner: Owner; path: (t: ActionTarget) => string }> = {
  approve: { owner: 'registration', path: (t) => `/registrations/${t.registrationId}/approve` },
  reject: { owner: 'registration', path: (t) => `/registrations/${t.registrationId}/reject` },
  'approve-change': { owner: 'registration', path: (t) => `/registrations/${t.registrationId}/changes/${t.changeId}/approve` },
  'reject-change': { owner: 'registration', path: (t) => `/registrations/${t.registrationId}/changes/${t.changeId}/reject` },
  'approve-renewal': { owner: 'registration', path: (t) => `/registrations/${t.registrationId}/renewal/approve` },
  'reject-renewal': { owner: 'registration', path: (t) => `/registrations/${t.registrationId}/renewal/reject` },
  'approve-suspension': { owner: 'registration', path: (t) => `/registrations/${t.registrationId}/suspension/approve` },
  suspend: { owner: 'registration', path: (t) => `/registrations/${t.registrationId}/sanctions` },
  resume: { owner: 'registration', path: (t) => `/registrations/${t.registrationId}/resume` },
  terminate: { owner: 'registration', path: (t) => `/registrations/${t.registrationId}/terminate` },
  'decide-complaint-sanction': { owner: 'complaints', path: (t) => `/complaints/${t.complaintId}/sanction-decision` },
  'mark-report-false': { owner: 'reporting', path: (t) => `/bureau/reports/${t.registrationId}/${t.period}/false` },
  'decide-report-sanction': { owner: 'reporting', path: (t) => `/bureau/reports/${t.registrationId}/${t.period}/sanction` },
  'record-desk-step': { owner: 'complaints', path: (t) => `/complaints/${t.complaintId}/desk-steps` },
  'record-desk-outcome': { owner: 'complaints', path: (t) => `/complaints/${t.complaintId}/desk-outcome` },
};

/**
 * Staff actions, forwarded to their owners (the gateway decides nothing). Before forwarding, the
 * gateway's own scope check, deny by default (R-ORG-2, R-STF-1): a bureau officer acts on its own
 * prefecture's registrations only; HQ and desks act on nothing here. The owner checks again.
 */
@Injectable()
export class ActionsService {
  constructor(
    private readonly queries: GatewayQueries,
    private readonly forwarding: ForwardingService,
    private readonly freshness: FreshnessService,
    private readonly staff: StaffDirectory,
  ) {}

  /** Files an application for the officer's prefecture (registration decides the prefecture from the token, R-ORG-2). */
  async file(principal: TokenClaims, authorization: string | undefined, body: unknown): Promise<Forwarded> {
    const scope = scopeOf(principal);
    bureauOf(scope);
    await this.staff.seen(principal); // the timeline's "who" of the events this action records
    return this.forwarding.forward(
      'registration',
      '/registrations',
      authorization,
      body,
      (answer) => {
        const id = (answer as { registrationId?: unknown } | undefined)?.registrationId;
        return typeof id === 'string' ? registrationFactsStreamId(id) : undefined;
      },
      scope.staff,
    );
  }

  async act(
    principal: TokenClaims,
    authorization: string | undefined,
    action: ActionName,
    target: ActionTarget,
    body: unknown,
  ): Promise<Forwarded> {
    const scope = scopeOf(principal);
    await this.staff.seen(principal); // the timeline's "who" of the events this action records
    const stream = DESK_ACTIONS.includes(action) ? await this.deskStream(scope, target) : await this.bureauStream(scope, action, target);
    const route = ROUTES[action];
    return this.forwarding.forward(route.owner, route.path(target), authorization, body, () => stream, scope.staff);
  }

  /** R-ORG-2: a bureau acts on its own prefecture's cases only; the stream its action's event will be on. */
  private async bureauStream(scope: StaffScope, action: ActionName, target: ActionTarget): Promise<string> {
    const prefecture = bureauOf(scope);
    // The caller's own earlier action here first (an application just filed is known before it is approved).
    await this.freshness.waitFor(this.freshness.positionToRead(scope.staff, undefined)).catch(() => undefined);
    if (action === 'decide-complaint-sanction') {
      const complaint = await this.queries.complaintRow(target.complaintId as string);
      if (complaint.prefecture !== prefecture) throw notYourBureau();
      return String(complaint.stream_id);
    }
    const owned = await this.queries.prefectureOf(target.registrationId);
    if (owned === undefined) throw registrationNotFound();
    if (owned !== prefecture) throw notYourBureau();
    return action === 'mark-report-false' || action === 'decide-report-sanction'
      ? ((await this.queries.reportStream(target.registrationId, target.period as string)) ??
          `report-${target.registrationId}-${target.period}`)
      : registrationFactsStreamId(target.registrationId);
  }

  /** R-CMP-2: a desk acts on the complaints escalated to its own office only (complaints decides the rest); the complaint's stream. */
  private async deskStream(scope: StaffScope, target: ActionTarget): Promise<string> {
    if (scope.role !== 'complaint-desk') throw notYourOffice();
    const complaint = await this.queries.complaintRow(target.complaintId as string);
    if (complaint.office_code !== scope.officeCode) throw notYourOffice();
    return String(complaint.stream_id);
  }
}
