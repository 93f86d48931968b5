import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const biome = fileURLToPath(new URL('../../node_modules/.bin/biome', import.meta.url));

/**
 * Lints `source` as a file at `dir/name` (written for the run, removed after) with the repository's
 * own Biome config. Biome's stdin mode reports no rule names, hence a real file.
 */
function lint(dir: string, name: string, source: string) {
  const file = join(root, dir, `lint-probe-${process.pid}-${name}`);
  writeFileSync(file, source);
  try {
    const run = spawnSync(biome, ['lint', file], { cwd: root, encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(file, { force: true });
  }
}

const nodeImport = "import { inflateSync } from 'node:zlib';\nexport const f = inflateSync;\n";

describe('core stays on Web APIs: lint refuses Node-only code', () => {
  it.each([
    ['a node: import', nodeImport, 'noNodejsModules'],
    ['Buffer', "export const b = Buffer.from('x');\n", 'noRestrictedGlobals'],
    ['process', 'export const e = process.env.X;\n', 'noRestrictedGlobals'],
  ])('%s in packages/core/src fails lint', (_, source, rule) => {
    const result = lint('packages/core/src/decoders', 'x.ts', source);
    expect(result.ok).toBe(false);
    expect(result.output).toContain(rule);
  });

  it('a *.node.ts file, behind the node export condition, may use them', () => {
    const result = lint('packages/core/src/decoders', 'x.node.ts', nodeImport);
    expect(result.output).not.toContain('noNodejsModules');
    expect(result.ok).toBe(true);
  });

  it('the rule is scoped to core sources: tests may use node:*', () => {
    expect(lint('packages/core/test', 'x.test.ts', nodeImport).ok).toBe(true);
  });
});
