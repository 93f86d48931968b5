import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const readme = read('../../README.md');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

// The examples are run as written: examples/deno.ts by a Deno test, examples/worker.ts as the Worker
// under test in workerd. This keeps the README's copies identical to them.
describe('README examples', () => {
  it.each(['deno', 'worker'])('shows examples/%s.ts verbatim, in about 15 lines of code', (name) => {
    const source = read(`../../examples/${name}.ts`);
    expect(blocks).toContain(source);
    expect(source.split('\n').filter((line) => line.trim() !== '').length).toBeLessThanOrEqual(15);
  });
});
