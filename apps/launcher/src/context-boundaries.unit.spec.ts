import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * ARCHITECTURE: registration and identity share a process (the registration app mounts
 * identity) but not code — each reaches the other only through its contracts. The module-boundary
 * lint says the same per project (eslint.config.mjs, scope:identity / scope:registration); this
 * test reads every import of both contexts, relative paths included, so it holds without nx's
 * project graph too.
 */
const root = resolve(__dirname, '../../..');
const filesOf = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesOf(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

/** The context an import lands in (`registration`, `identity`, …) and its layer, for aliases and relative paths alike. */
const target = (file: string, specifier: string): { context: string; layer: string } | undefined => {
  const alias = /^@hw\/([^/]+)\/([^/]+)/.exec(specifier);
  if (alias) return { context: alias[1], layer: alias[2] };
  if (!specifier.startsWith('.')) return undefined;
  const path = relative(root, resolve(file, '..', specifier)).split('/');
  return path[0] === 'libs' && path.length > 2 ? { context: path[1], layer: path[2] } : undefined;
};

const crossings = (from: string, to: string) =>
  filesOf(join(root, 'libs', from)).flatMap((file) =>
    importsOf(file)
      .map((specifier) => ({ specifier, at: target(file, specifier) }))
      .filter(({ at }) => at?.context === to && at.layer !== 'contracts')
      .map(({ specifier }) => `${relative(root, file)} → ${specifier}`),
  );

describe('context boundaries: registration and identity meet only through contracts', () => {
  it('no file of libs/registration imports identity’s domain or application', () => {
    expect(crossings('registration', 'identity')).toEqual([]);
  });

  it('no file of libs/identity imports registration’s domain or application', () => {
    expect(crossings('identity', 'registration')).toEqual([]);
  });

  it('the test can fail: it sees the contracts imports both sides do make', () => {
    const all = (from: string, to: string) =>
      filesOf(join(root, 'libs', from)).flatMap((file) => importsOf(file).filter((s) => target(file, s)?.context === to));
    expect(all('registration', 'identity')).toContain('@hw/identity/contracts');
    expect(all('identity', 'registration')).toContain('@hw/registration/contracts');
  });
});
