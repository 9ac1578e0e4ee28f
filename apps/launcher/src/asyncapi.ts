import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGISTRATION_TOPIC, registrationSchemas } from '@hw/registration/contracts';
import { MESSAGING_TOPIC, messagingSchemas } from '@hw/messaging/contracts';
import { COMPLAINTS_TOPIC, complaintsSchemas } from '@hw/complaints/contracts';
import { REPORTING_TOPIC, reportingSchemas } from '@hw/reporting/contracts';

/** Every publishing context's topic and event schemas: the source of docs/asyncapi.json. */
const CATALOGUE: Array<{ topic: string; schemas: Record<string, object> }> = [
  { topic: REGISTRATION_TOPIC, schemas: registrationSchemas },
  { topic: MESSAGING_TOPIC, schemas: messagingSchemas },
  { topic: COMPLAINTS_TOPIC, schemas: complaintsSchemas },
  { topic: REPORTING_TOPIC, schemas: reportingSchemas },
];

/** Builds the AsyncAPI 3.0 document of every integration event (one channel per topic). */
export const buildAsyncApi = (): object => {
  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const messages: Record<string, object> = {};
  for (const { topic, schemas } of CATALOGUE) {
    const channelMessages: Record<string, object> = {};
    for (const [type, payload] of Object.entries(schemas)) {
      const name = type.replace(/\./g, '_');
      messages[name] = {
        name: type,
        title: type,
        contentType: 'application/json',
        headers: {
          type: 'object',
          required: ['event-id', 'event-type'],
          properties: {
            'event-id': { type: 'string', format: 'uuid', description: "the log's event id; consumers' inbox key" },
            'event-type': { const: type },
            'correlation-id': { type: 'string' },
          },
        },
        payload: {
          type: 'object',
          required: ['id', 'type', 'key', 'occurredAt', 'data'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            type: { const: type },
            key: { type: 'string', description: 'the stream id; also the Kafka message key' },
            occurredAt: { type: 'string', format: 'date-time' },
            correlationId: { type: 'string' },
            causationId: { type: 'string' },
            position: { type: 'string', pattern: '^[0-9]+$', description: "the log's global position of the event it was derived from" },
            actor: {
              type: 'object',
              description: 'who acted: kind, and the id of staff, organisation users and the system — never a seeker id',
              required: ['kind'],
              properties: { kind: { enum: ['seeker', 'organisation-user', 'staff', 'system'] }, id: { type: 'string' } },
            },
            data: payload,
          },
        },
      };
      channelMessages[name] = { $ref: `#/components/messages/${name}` };
    }
    channels[topic] = { address: topic, messages: channelMessages };
    operations[`publish_${topic}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic}` },
      messages: Object.keys(channelMessages).map((name) => ({ $ref: `#/channels/${topic}/messages/${name}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Hello Work anonymised job-seeker platform: integration events',
      version: '1',
      description: 'Versioned integration events between contexts. Key = stream id; no personal data.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
};

export const ASYNCAPI_FILE = join(__dirname, '..', '..', '..', 'docs', 'asyncapi.json');

if (require.main === module) {
  writeFileSync(ASYNCAPI_FILE, `${JSON.stringify(buildAsyncApi(), null, 2)}\n`);
  process.stdout.write(`wrote ${ASYNCAPI_FILE}\n`);
}
