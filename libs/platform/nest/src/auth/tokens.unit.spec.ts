import { InvalidTokenError, TokenService } from './tokens';

const now = new Date('2026-11-25T00:00:00Z');
const tokens = new TokenService('a-secret-of-at-least-thirty-two-characters!');

describe('bearer tokens (one identity model, verified without a call)', () => {
  it('given a signed organisation-user token, when verified, then its registration and department are read back', () => {
    const token = tokens.sign(
      { kind: 'organisation-user', sub: 'u1', registrationId: 'r1', departmentId: 'd1', organisationKind: 'private-paid' },
      now,
    );
    expect(tokens.verify(token, now)).toMatchObject({ kind: 'organisation-user', registrationId: 'r1', departmentId: 'd1' });
  });

  it('given a token whose claims were edited, when verified, then it is refused', () => {
    const token = tokens.sign({ kind: 'staff', sub: 's1', role: 'counter' }, now);
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ kind: 'staff', sub: 's1', role: 'hq-auditor', iat: 0, exp: 9e9 })).toString('base64url');
    expect(() => tokens.verify(`${h}.${forged}.${s}`, now)).toThrow(InvalidTokenError);
  });

  it('given a token signed with another secret, then it is refused', () => {
    const other = new TokenService('another-secret-of-at-least-thirty-two-chars');
    expect(() => tokens.verify(other.sign({ kind: 'seeker', sub: 'x' }, now), now)).toThrow(/bad signature/);
  });

  it('given an expired token, then it is refused', () => {
    const token = tokens.sign({ kind: 'seeker', sub: 'x' }, now, 60);
    expect(() => tokens.verify(token, new Date(now.getTime() + 61_000))).toThrow(/expired/);
  });

  it('given a token verified before (cached), then it is still refused once expired, and edits to the returned claims do not stick', () => {
    const service = new TokenService('a-secret-of-at-least-thirty-two-characters!');
    const token = service.sign({ kind: 'seeker', sub: 'x' }, now, 60);
    const claims = service.verify(token, now);
    (claims as { sub: string }).sub = 'someone-else';
    expect(service.verify(token, new Date(now.getTime() + 59_000))).toMatchObject({ kind: 'seeker', sub: 'x' });
    expect(() => service.verify(token, new Date(now.getTime() + 61_000))).toThrow(/expired/);
    expect(() => service.verify(token, new Date(now.getTime() + 62_000))).toThrow(/expired/);
  });
});
