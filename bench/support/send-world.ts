import { newId } from '@hw/platform/core';
import { EventLog } from '@hw/platform/event-log';

/**
 * The facts the send path reads from the log at send time (R-ORG-1, R-MSG-4): an approved
 * registration's stream and registered seekers' streams. One setup for send.bench.ts and the
 * observability bench's server, so both measure the same world.
 */
const metadata = () => ({
  correlationId: newId(),
  principal: { kind: 'system' as const, id: 'bench' },
  occurredAt: new Date().toISOString(),
});

export const approveBenchRegistration = (log: EventLog, registrationId: string) =>
  log.append(
    `registration-${registrationId}`,
    [
      {
        id: newId(),
        type: 'ApplicationApproved',
        schemaVersion: 1,
        data: {
          registrationId,
          summary: { organisationKind: 'private-free' },
          usagePeriodEndsAt: '2099-01-01T00:00:00.000Z',
          complaintOfficerVersion: 1,
          approvedAt: new Date().toISOString(),
        },
        metadata: metadata(),
      },
    ],
    'no_stream',
  );

/** `count` seekers registered and eligible, visible to private agencies; their ids. */
export const registerBenchSeekers = async (log: EventLog, count: number): Promise<string[]> => {
  const seekers = Array.from({ length: count }, () => newId());
  for (const seekerId of seekers)
    await log.append(
      `seeker-${seekerId}`,
      [
        {
          id: newId(),
          type: 'SeekerRegistered',
          schemaVersion: 1,
          data: { seekerId, scope: ['private-agencies'], eligible: true },
          metadata: metadata(),
        },
      ],
      'no_stream',
    );
  return seekers;
};
