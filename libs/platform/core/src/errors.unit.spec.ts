import { DomainError, isRefusal, refused } from './errors';

describe('refused: one factory for every refusal', () => {
  it('carries code, rule, kind, field and details exactly as given, and defaults the kind to refused (422)', () => {
    const error = refused('X_TAKEN', 'x is taken', 'R-ORG-3', 'conflict', 'x', { status: 'active' });
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'X_TAKEN',
      message: 'x is taken',
      rule: 'R-ORG-3',
      kind: 'conflict',
      field: 'x',
      details: { status: 'active' },
    });
    expect(refused('Y', 'y', 'R-SKR-2')).toMatchObject({ kind: 'refused', field: undefined, details: {} });
  });

  it('isRefusal tells one refusal from another, and from any other error', () => {
    expect(isRefusal(refused('A', 'a', 'R-SKR-2'), 'A')).toBe(true);
    expect(isRefusal(refused('A', 'a', 'R-SKR-2'), 'B')).toBe(false);
    expect(isRefusal(Object.assign(new Error('a'), { code: 'A' }), 'A')).toBe(false);
  });
});
