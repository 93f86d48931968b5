import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../../.bundle-size-entry.ts', import.meta.url));

// A Worker that imports the client, bundled as wrangler does (esbuild, workerd conditions). Core's
// schemas use zod/mini, whose functions tree-shake (full zod's methods do not): 43.6 KiB gzip (46.6 KiB
// since requests go through ofetch), against 62.0 KiB with full zod imported as a namespace and 124 KiB
// with `import { z }` (every locale).
it('a Worker importing the client stays within 60 KiB gzip', async () => {
  writeFileSync(
    entry,
    `import { SportsCloudClient } from '@sportscloud/core';
export default { async fetch(_r: Request, env: Record<string, string>) {
  return Response.json(await new SportsCloudClient({ consumerId: env.ID!, sharedSecret: env.SECRET! }).accounts.list());
} };`,
  );
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser', 'import'],
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
    });
    const gzip = gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
    console.log(JSON.stringify({ bundle: 'worker-importing-the-client', gzipBytes: gzip }));
    expect(gzip).toBeLessThanOrEqual(60 * 1024);
  } finally {
    rmSync(entry, { force: true });
  }
});
