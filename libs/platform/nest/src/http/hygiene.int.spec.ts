import { connect } from 'node:net';
import { Body, Controller, Get, HttpCode, Module, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength } from 'class-validator';
import { Type } from 'class-transformer';
import { baseUrlOf, createHttpApp } from '../bootstrap';
import { ErrorsFilter } from './errors.filter';
import { NestedObject } from './validation';

class InnerDto {
  @IsString() @MaxLength(100) text!: string;
}

class OuterDto {
  @NestedObject(() => InnerDto, { context: { rule: 'R-TEST-1' } }) inner!: InnerDto;
}

class ListQueryDto {
  @IsOptional() @IsIn(['a', 'b']) status?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Max(2_147_483_647) wageMin?: number;
}

@Controller('things')
class ThingsController {
  @Post()
  @HttpCode(200)
  create(@Body() body: OuterDto) {
    return { text: body.inner.text };
  }

  @Get('list')
  list(@Query() query: ListQueryDto) {
    return { query };
  }

  @Get('named')
  named(@Query('status') status?: string) {
    return { status };
  }

  @Get('none')
  none() {
    return {};
  }

  @Get(':thingId')
  one(@Param('thingId', ParseUUIDPipe) thingId: string) {
    return { thingId };
  }
}

@Module({ controllers: [ThingsController], providers: [{ provide: APP_FILTER, useClass: ErrorsFilter }] })
class ThingsModule {}

/** createHttpApp's hygiene rules (http/hygiene.ts), for every route at once. */
describe('createHttpApp input hygiene: refused at the edge, naming the field or the rule, never a 500 nor an echo', () => {
  let app: NestFastifyApplication;
  let base: string;
  const call = async (method: string, path: string, body?: string | Buffer, contentType = 'application/json') => {
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': contentType }, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };
  /** Bytes on a socket, for what no HTTP client sends: a control character in a header. */
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const url = new URL(base);
      const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  const post = (value: unknown) => call('POST', '/things', JSON.stringify(value));

  beforeAll(async () => {
    app = await createHttpApp(ThingsModule);
    await app.listen(0, '127.0.0.1');
    base = baseUrlOf(app);
  });
  afterAll(() => app?.close());

  it('INPUT-DEPTH (finding: RangeError at 5,000 deep): a body nested 5,000 deep is a 400 BODY_TOO_DEEP naming the rule; 32 levels pass the edge', async () => {
    for (const deep of ['['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)])
      expect(await call('POST', '/things', deep)).toMatchObject({
        status: 400,
        body: { code: 'BODY_TOO_DEEP', rule: 'INPUT-DEPTH', limit: 32 },
      });
    const ok = { inner: { text: 'hi', extra: JSON.parse('['.repeat(30) + ']'.repeat(30)) } };
    expect(await post(ok)).toMatchObject({ status: 400, body: { field: 'inner.extra' } }); // past the edge: the whitelist refuses it
  });

  it('INPUT-SIZE: a body over 1 MiB is a 413 naming the rule', async () => {
    expect(await post({ inner: { text: 'x'.repeat(1_100_000) } })).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE', rule: 'INPUT-SIZE' },
    });
  });

  it('INPUT-TEXT (finding: U+0000 reached PostgreSQL): NUL or a control character in any string of a body is a 400 naming the field; tab/LF/CR pass', async () => {
    const refused = await post({ inner: { text: 'a\u0000b 13010-00424242' } });
    expect(refused).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', field: 'inner.text', rule: 'INPUT-TEXT' } });
    expect(refused.text).not.toContain('13010-00424242');
    expect(await post({ inner: { text: 'bell\u001b' } })).toMatchObject({ status: 400, body: { field: 'inner.text' } });
    expect(await post({ inner: { text: 'line\none\ttab 😀' } })).toMatchObject({ status: 200, body: { text: 'line\none\ttab 😀' } });
  });

  it('INPUT-TEXT: NUL in a query value (GET /registrations?status=%00) or a path parameter is a 400 naming it', async () => {
    expect(await call('GET', '/things/named?status=%00')).toMatchObject({ status: 400, body: { field: 'status', rule: 'INPUT-TEXT' } });
    expect(await call('GET', '/things/list?status=a%00b')).toMatchObject({ status: 400, body: { field: 'status', rule: 'INPUT-TEXT' } });
    expect(await call('GET', '/things/%00')).toMatchObject({ status: 400, body: { field: 'thingId', rule: 'INPUT-TEXT' } });
  });

  it('INPUT-CHARSET (finding: charset=utf-16 parsed as UTF-8): a non-UTF-8 charset is a 415 naming the charset; utf-8 passes', async () => {
    const utf16 = Buffer.from(JSON.stringify({ inner: { text: 'hi' } }), 'utf16le');
    expect(await call('POST', '/things', utf16, 'application/json; charset=utf-16')).toMatchObject({
      status: 415,
      body: { code: 'UNSUPPORTED_CHARSET', charset: 'utf-16', rule: 'INPUT-CHARSET' },
    });
    expect(await call('POST', '/things', JSON.stringify({ inner: { text: 'hi' } }), 'application/json; charset=UTF-8')).toMatchObject({
      status: 200,
    });
    expect(await call('POST', '/things', 'hi', 'text/plain')).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('INPUT-KEY (finding: a top-level constructor key was dropped silently): __proto__, constructor, prototype are a 400 naming the key', async () => {
    expect(await call('POST', '/things', '{"constructor":{"x":1},"inner":{"text":"hi"}}')).toMatchObject({
      status: 400,
      body: { field: 'constructor', rule: 'INPUT-KEY' },
    });
    expect(await call('POST', '/things', '{"inner":{"text":"hi","__proto__":{"admin":true}}}')).toMatchObject({
      status: 400,
      body: { field: 'inner.__proto__', rule: 'INPUT-KEY' },
    });
    expect(await call('GET', '/things/list?__proto__=1')).toMatchObject({ status: 400, body: { field: '__proto__', rule: 'INPUT-KEY' } });
  });

  it('nested objects are required (finding: {} and null on seeker routes were 500s): missing, null, an array or a string is a 400 naming the field and rule', async () => {
    for (const body of [{}, { inner: null }, { inner: [] }, { inner: 'x' }])
      expect(await post(body)).toMatchObject({ status: 400, body: { field: 'inner', rule: 'R-TEST-1' } });
    for (const raw of ['null', '[]', '"x"', '42'])
      expect(await call('POST', '/things', raw)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect((await call('POST', '/things', 'null')).body.field).toBeDefined();
  });

  it('INPUT-QUERY (finding: unknown query parameters accepted): refused naming the parameter — DTO routes, named reads and routes with no query', async () => {
    expect(await call('GET', '/things/list?status=a&limit=3')).toMatchObject({ status: 400, body: { field: 'limit' } });
    expect(await call('GET', '/things/named?status=a&other=1')).toMatchObject({
      status: 400,
      body: { field: 'other', rule: 'INPUT-QUERY' },
    });
    expect(await call('GET', '/things/none?x=1')).toMatchObject({ status: 400, body: { field: 'x', rule: 'INPUT-QUERY' } });
    expect(await call('GET', '/things/named?status=a')).toMatchObject({ status: 200, body: { status: 'a' } });
    expect(await call('GET', '/things/list?status=c')).toMatchObject({ status: 400, body: { field: 'status' } });
  });

  it('integer ranges (finding: wageMin=12345678901234567890 reached PostgreSQL): over 2^31-1 is a 400 naming the field', async () => {
    expect(await call('GET', '/things/list?wageMin=12345678901234567890')).toMatchObject({ status: 400, body: { field: 'wageMin' } });
    expect(await call('GET', '/things/list?wageMin=2147483647')).toMatchObject({ status: 200 });
  });

  it('INPUT-PARAM (finding: "uuid is expected", FST_ERR_BAD_URL): a bad path parameter is a 400 naming it, without echoing the path', async () => {
    expect(await call('GET', '/things/not-a-uuid')).toMatchObject({ status: 400, body: { field: 'thingId', rule: 'INPUT-PARAM' } });
    const badUrl = await call('GET', '/things/%zz-13010-00424242');
    expect(badUrl).toMatchObject({ status: 400, body: { field: 'thingId', rule: 'INPUT-PARAM' } });
    expect(badUrl.text).not.toContain('13010');
  });

  it('INPUT-PARAM (finding: 414 and 404 echoed the request path): a parameter over 100 characters is a 414 naming it; an unknown route a 404; neither echoes the path', async () => {
    const long = await call('GET', `/things/${'13010-00424242'.repeat(10)}`);
    expect(long).toMatchObject({ status: 414, body: { field: 'thingId', rule: 'INPUT-PARAM' } });
    expect(long.text).not.toContain('13010');
    const missing = await call('GET', '/nowhere/13010-00424242');
    expect(missing).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', message: 'no such route' } });
    expect(missing.text).not.toContain('13010');
  });

  it('INPUT-HTTP: a request the HTTP parser refuses (a control character in a header, headers over 16 KiB) is answered in the platform shape naming the rule, without the request', async () => {
    const badHeader = await raw('GET /things/none HTTP/1.1\r\nHost: x\r\nX-Note: a\u0001b 13010-00424242\r\n\r\n');
    expect(badHeader).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(badHeader.split('\r\n\r\n')[1])).toMatchObject({ statusCode: 400, code: 'MALFORMED_REQUEST', rule: 'INPUT-HTTP' });
    expect(badHeader).not.toContain('13010');
    const huge = await raw(`GET /things/${'13010-00424242'.repeat(2000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(huge.split('\r\n\r\n')[1])).toMatchObject({ statusCode: 431, rule: 'INPUT-HTTP' });
    expect(huge).not.toContain('13010');
  });
});
