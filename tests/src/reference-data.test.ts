import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The team's shared reference folder sits next to the clone on our machines and in CI. */
const shared = join(root, '..', 'shared');
const pairs: [ours: string, theirs: string][] = [
  ['openapi-1.1.0.json', 'reference/openapi-1.1.0.json'],
  ...readdirSync(join(root, 'reference-data/real-samples')).map((f): [string, string] => [
    `real-samples/${f}`,
    `fixtures/real-samples/${f}`,
  ]),
];

describe.runIf(existsSync(shared))('reference-data/ matches the shared reference folder', () => {
  it.each(pairs)('%s', (ours, theirs) => {
    expect(readFileSync(join(root, 'reference-data', ours)).equals(readFileSync(join(shared, theirs)))).toBe(
      true,
    );
  });

  it('holds every real sample there is', () => {
    expect(readdirSync(join(root, 'reference-data/real-samples')).sort()).toEqual(
      readdirSync(join(shared, 'fixtures/real-samples')).sort(),
    );
  });
});
