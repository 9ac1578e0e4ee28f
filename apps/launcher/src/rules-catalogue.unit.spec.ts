import { readFileSync } from 'node:fs';
import { catalogue, renderCatalogue, RULES_FILE, ruleUses } from './rules';

describe('the rules catalogue in the repository (docs/RULES.md)', () => {
  const { defined, notBuilt } = catalogue();
  const uses = ruleUses();

  it('defines every rule once, in the order of its sections', () => {
    expect(defined.length).toBeGreaterThan(30);
    expect(new Set(defined).size).toBe(defined.length);
  });

  it('every rule id that code or a test cites is in the catalogue', () => {
    expect([...uses.keys()].filter((id) => !defined.includes(id)).sort()).toEqual([]);
  });

  it('every rule has at least one test naming it, unless the catalogue marks it as not built yet', () => {
    const untested = defined.filter((id) => !notBuilt.has(id) && (uses.get(id)?.provedBy.length ?? 0) === 0);
    expect(untested).toEqual([]);
  });

  it('a rule marked as not built yet really has no test: the mark goes when its tests come', () => {
    expect([...notBuilt].filter((id) => (uses.get(id)?.provedBy.length ?? 0) > 0)).toEqual([]);
  });

  it('the section "Where each rule lives" is what the code says now (regenerate: npm run rules)', () => {
    expect(readFileSync(RULES_FILE, 'utf8')).toBe(renderCatalogue());
  });
});
