import { readFileSync } from 'node:fs';
import { ASYNCAPI_FILE, buildAsyncApi } from './asyncapi';

describe('event catalogue (AsyncAPI)', () => {
  it('docs/asyncapi.json is the catalogue the contracts describe (regenerate: npm run asyncapi)', () => {
    expect(JSON.parse(readFileSync(ASYNCAPI_FILE, 'utf8'))).toEqual(buildAsyncApi());
  });

  it('names every event <context>.<Event>.v<N> and documents the event-id header', () => {
    const doc = buildAsyncApi() as { components: { messages: Record<string, { name: string; headers: { required: string[] } }> } };
    const messages = Object.values(doc.components.messages);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.name).toMatch(/^[a-z]+\.[A-Z][A-Za-z]+\.v\d+$/);
      expect(m.headers.required).toContain('event-id');
    }
  });
});
