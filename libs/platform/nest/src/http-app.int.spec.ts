import { Body, Controller, Delete, HttpCode, Module, Post } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { IsString, MaxLength } from 'class-validator';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { baseUrlOf, createHttpApp } from './bootstrap';
import { ErrorsFilter } from './http/errors.filter';

class EchoDto {
  @IsString()
  @MaxLength(10)
  text!: string;
}

@Controller('things')
class ThingsController {
  @Post()
  @HttpCode(200)
  create(@Body() body: EchoDto) {
    return { text: body.text };
  }

  @Delete()
  @HttpCode(204)
  remove(): void {
    return undefined;
  }
}

@Module({ controllers: [ThingsController], providers: [{ provide: APP_FILTER, useClass: ErrorsFilter }] })
class ThingsModule {}

/** The HTTP stack every service runs (createHttpApp: Fastify, the platform's body parsing and error shape). */
describe('createHttpApp: bad input is a clear 4xx, never a 500 nor an echo of the input', () => {
  let app: NestFastifyApplication;
  let base: string;
  const send = async (
    method: string,
    body: string | undefined,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) => {
    const response = await fetch(`${base}/things`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };

  beforeAll(async () => {
    app = await createHttpApp(ThingsModule);
    await app.listen(0, '127.0.0.1');
    base = baseUrlOf(app);
  });
  afterAll(() => app?.close());

  it('a valid body passes; a field breaking its rule is a 400 naming the field', async () => {
    expect(await send('POST', JSON.stringify({ text: 'hello' }))).toMatchObject({ status: 200, body: { text: 'hello' } });
    const refused = await send('POST', JSON.stringify({ text: 'far too long a text 13010-00424242' }));
    expect(refused).toMatchObject({ status: 400, body: { field: 'text' } });
    expect(refused.text).not.toContain('13010-00424242');
  });

  it('malformed JSON is a 400 MALFORMED_JSON that does not echo the body', async () => {
    const response = await send('POST', '{"text": "13010-00424242"');
    expect(response).toMatchObject({ status: 400, body: { statusCode: 400, code: 'MALFORMED_JSON' } });
    expect(response.text).not.toContain('13010');
  });

  it('a body over 1 MiB is a 413; another media type is a 415', async () => {
    expect(await send('POST', JSON.stringify({ text: 'x'.repeat(1_100_000) }))).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(await send('POST', '<text>hi</text>', { 'content-type': 'application/xml' })).toMatchObject({
      status: 415,
      body: { code: 'UNSUPPORTED_MEDIA_TYPE' },
    });
  });

  it('an empty body with a JSON content type is no body: a DELETE passes, a POST fails validation (400), not parsing', async () => {
    expect((await send('DELETE', undefined)).status).toBe(204);
    expect(await send('POST', undefined)).toMatchObject({ status: 400, body: { field: 'text' } });
  });
});
