import { describeWith, eventStoreConnectionString } from '@hw/platform/testing';
import { EsdbEventLog } from './esdb-event-log';
import { eventLogContract } from './testing/event-log.contract';

/**
 * The EventStoreDB adapter against a real server (docker-compose provides one and sets
 * EVENTSTORE_CONNECTION_STRING, e.g. kurrentdb://127.0.0.1:2113?tls=false). Without it the suite is
 * reported as skipped with the reason: EventStoreDB cannot be installed on these machines.
 * Every test uses its own streams, so a shared server is fine.
 */
describeWith(['eventstoredb'], 'EsdbEventLog against EventStoreDB', () => {
  eventLogContract(
    'EsdbEventLog',
    async () => new EsdbEventLog({ connectionString: eventStoreConnectionString() as string, pollIntervalMs: 50 }),
    // EventStoreDB deduplicates a retry at the same place of one stream only; it keeps no global index of ids.
    { refusesReusedEventIds: false },
  );
});
