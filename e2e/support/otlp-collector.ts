import { createServer, Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One span as an OTLP/HTTP JSON export carries it (what the e2e tests read). */
export interface CollectedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  attributes: Record<string, unknown>;
}

/** OTLP/JSON ids are hex; tolerate base64 (the protobuf-JSON mapping) too. */
const hex = (id: unknown): string => {
  if (typeof id !== 'string' || id === '') return '';
  return /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
};

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  doubleValue?: number;
}
const valueOf = (v: OtlpValue | undefined): unknown => v?.stringValue ?? v?.intValue ?? v?.boolValue ?? v?.doubleValue;

/**
 * A tiny OTLP/HTTP collector for tests and benches: accepts `POST /v1/traces` (JSON, gzip or
 * not), answers 200 and keeps the spans (or discards them: `keep: false`, the bench's no-op).
 */
export class OtlpCollector {
  readonly spans: CollectedSpan[] = [];
  requests = 0;
  private server: Server | undefined;

  constructor(private readonly keep = true) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        this.requests += 1;
        if (this.keep && request.url === '/v1/traces') {
          try {
            let body = Buffer.concat(chunks);
            if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
            this.collect(JSON.parse(body.toString('utf8')));
          } catch {
            // not JSON (protobuf): ignored
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  private collect(payload: {
    resourceSpans?: Array<{
      resource?: { attributes?: Array<{ key: string; value: OtlpValue }> };
      scopeSpans?: Array<{
        spans?: Array<{
          name: string;
          kind: number;
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          attributes?: Array<{ key: string; value: OtlpValue }>;
        }>;
      }>;
    }>;
  }): void {
    for (const resource of payload.resourceSpans ?? []) {
      const service = String(valueOf(resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value) ?? '');
      for (const scope of resource.scopeSpans ?? [])
        for (const span of scope.spans ?? [])
          this.spans.push({
            service,
            name: span.name,
            kind: span.kind,
            traceId: hex(span.traceId),
            spanId: hex(span.spanId),
            parentSpanId: hex(span.parentSpanId),
            attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, valueOf(a.value)])),
          });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
