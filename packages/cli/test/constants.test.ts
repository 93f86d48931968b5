import { readFileSync } from 'node:fs';
import { EXPORT_FORMATS, EXPORT_LAYOUTS } from '@sportscloud/sync';
import { describe, expect, it } from 'vitest';
import { FORMATS, LAYOUTS } from '../src/lazy';
import { VERSION } from '../src/version';
import { sandbox, sportscloud } from './harness';

// The CLI keeps copies of a few facts so that `--help` need not load core and sync: they must agree.
describe('facts the CLI keeps for a fast --help', () => {
  it("lists exactly @sportscloud/sync's export formats and layouts", () => {
    expect(FORMATS).toEqual(EXPORT_FORMATS);
    expect(LAYOUTS).toEqual(EXPORT_LAYOUTS);
  });

  it('reports the version in package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    const box = sandbox();
    try {
      const run = await sportscloud(['--version'], { env: box.env });
      expect(run.stdout.trim()).toBe(pkg.version);
    } finally {
      box.cleanup();
    }
  });
});
