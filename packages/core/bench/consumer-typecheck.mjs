// What core's public types cost a consumer's type-check, JSON lines: `tsc --extendedDiagnostics` on a
// one-line consumer (`import { SportsCloudClient } from '@sportscloud/core'` and a use of it) against a
// baseline file importing nothing, both with and without skipLibCheck. Files, lines, types and check
// time come from tsc; times are the minimum of RUNS runs (default 5), since the machine may be shared.
// Needs the built dist (`tsdown`): the consumer resolves the package's `types` like any user.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const core = fileURLToPath(new URL('..', import.meta.url));
// Inside the package, so `@sportscloud/core` resolves to its own exports (self-reference), as it would
// from a consumer's node_modules.
const dir = join(core, '.consumer-typecheck');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const runs = Number(process.env.RUNS ?? 5);

const consumers = {
  baseline: 'export const answer: number = 42;\n',
  'import-client': `import { SportsCloudClient } from '@sportscloud/core';
export const client = new SportsCloudClient({ consumerId: 'id', sharedSecret: 'secret' });
export const athletes = client.athletes.list({ accountId: '1-1' });
`,
};

const wanted = [
  'Files',
  'Lines of Definitions',
  'Identifiers',
  'Types',
  'Instantiations',
  'Check time',
  'Total time',
];
try {
  for (const skipLibCheck of [true, false]) {
    for (const [name, source] of Object.entries(consumers)) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      writeFileSync(join(dir, 'index.ts'), source);
      const compilerOptions = {
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck,
        types: [],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }));
      const best = {};
      for (let i = 0; i < runs; i++) {
        const out = spawnSync(process.execPath, [tsc, '-p', dir, '--extendedDiagnostics'], {
          encoding: 'utf8',
        });
        if (out.status !== 0) throw new Error(`tsc failed on ${name}:\n${out.stdout}${out.stderr}`);
        for (const line of out.stdout.split('\n')) {
          const match = /^([A-Za-z ]+?):\s+([\d.]+)s?$/.exec(line.trim());
          if (!match || !wanted.includes(match[1])) continue;
          const value = Number(match[2]);
          best[match[1]] = match[1].endsWith('time') ? Math.min(best[match[1]] ?? Infinity, value) : value;
        }
      }
      console.log(
        JSON.stringify({
          consumerTypecheck: name,
          skipLibCheck,
          files: best.Files,
          linesOfDefinitions: best['Lines of Definitions'],
          types: best.Types,
          instantiations: best.Instantiations,
          checkTimeMinS: best['Check time'],
          totalTimeMinS: best['Total time'],
          runs,
          method: 'tsc 5.9 --extendedDiagnostics, NodeNext, lib ES2022+DOM, types [], min of runs',
        }),
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
