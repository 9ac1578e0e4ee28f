import { HttpException } from '@nestjs/common';
import { badPathParameter, charsetOf, decodesBadly, inspectRecord, inspectValue, nestsDeeperThan, parseJsonBody } from './hygiene';

const answer = (error: HttpException | undefined) => ({ status: error?.getStatus(), ...(error?.getResponse() as object) });

describe('input hygiene (pure)', () => {
  it('INPUT-DEPTH: depth is counted on the text, strings and escapes excluded, without recursion (100,000 deep)', () => {
    expect(nestsDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":"[[[[[[\\"[[[["}', 1)).toBe(false);
    expect(nestsDeeperThan('['.repeat(100_000), 32)).toBe(true);
  });

  it('INPUT-TEXT: NUL, other C0 controls, DEL and lone surrogates are refused naming the field; tab, LF, CR, emoji and Japanese pass', () => {
    expect(inspectValue({ a: { b: ['ok', 'x\u0000y'] } }, '')).toBeDefined();
    expect(answer(inspectValue({ a: { b: ['ok', 'x\u0000y'] } }, ''))).toMatchObject({ status: 400, field: 'a.b[1]', rule: 'INPUT-TEXT' });
    expect(answer(inspectValue({ body: 'bell\u0007' }, ''))).toMatchObject({ field: 'body', rule: 'INPUT-TEXT' });
    expect(answer(inspectValue({ body: 'del\u007f' }, ''))).toMatchObject({ field: 'body', rule: 'INPUT-TEXT' });
    expect(answer(inspectValue({ body: 'half \ud83d' }, ''))).toMatchObject({ field: 'body', rule: 'INPUT-TEXT' });
    expect(inspectValue({ body: 'line\tone\r\nline two 😀 介護福祉士' }, '')).toBeUndefined();
    expect(answer(inspectValue('top\u0000', ''))).toMatchObject({ field: 'body', rule: 'INPUT-TEXT' });
  });

  it('INPUT-KEY: __proto__, constructor and prototype keys are refused at any depth; a key with a control character is named escaped', () => {
    expect(answer(inspectValue(JSON.parse('{"__proto__":{"admin":true}}'), ''))).toMatchObject({ field: '__proto__', rule: 'INPUT-KEY' });
    expect(answer(inspectValue({ constructor: 1 }, ''))).toMatchObject({ field: 'constructor', rule: 'INPUT-KEY' });
    expect(answer(inspectValue({ a: [{ prototype: 1 }] }, ''))).toMatchObject({ field: 'a[0].prototype', rule: 'INPUT-KEY' });
    expect(answer(inspectValue({ 'k\u0000': 1 }, ''))).toMatchObject({ field: 'k\\u0000', rule: 'INPUT-TEXT' });
  });

  it('INPUT-CHARSET: only UTF-8 bodies; invalid UTF-8 bytes are refused, not replaced', () => {
    expect(charsetOf('application/json; charset="UTF-16"')).toBe('UTF-16');
    expect(charsetOf('application/json')).toBeUndefined();
    expect(answer(parseJsonBody('application/json; charset=utf-16', Buffer.from('{}', 'utf16le')).error)).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_CHARSET',
      charset: 'utf-16',
      rule: 'INPUT-CHARSET',
    });
    expect(parseJsonBody('application/json; charset=UTF-8', Buffer.from('{"a":"é"}')).value).toEqual({ a: 'é' });
    expect(
      answer(parseJsonBody('application/json', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])).error),
    ).toMatchObject({ status: 400, rule: 'INPUT-CHARSET' });
    expect(parseJsonBody('application/json', Buffer.alloc(0))).toEqual({ value: undefined });
  });

  it('INPUT-TEXT: query strings and path parameters, values and repeated values', () => {
    expect(answer(inspectRecord({ status: '\u0000' }))).toMatchObject({ field: 'status', rule: 'INPUT-TEXT' });
    expect(answer(inspectRecord({ q: ['ok', 'ab\u0000cd'] }))).toMatchObject({ field: 'q', rule: 'INPUT-TEXT' });
    expect(inspectRecord({ q: '介護 福祉士', limit: '10' })).toBeUndefined();
  });

  it('INPUT-PARAM: a URL Fastify cannot route names the parameter of the route of its shape', () => {
    const routes = [
      { method: 'GET', url: '/seekers/:seekerId' },
      { method: 'DELETE', url: '/seekers/:seekerId/blocks/:registrationId' },
    ];
    expect(badPathParameter(routes, 'GET', '/seekers/%zz?x=1', decodesBadly)).toBe('seekerId');
    expect(badPathParameter(routes, 'DELETE', '/seekers/abc/blocks/%E0%A4%A', decodesBadly)).toBe('registrationId');
    expect(badPathParameter(routes, 'GET', '/other/%zz', decodesBadly)).toBeUndefined();
  });
});
