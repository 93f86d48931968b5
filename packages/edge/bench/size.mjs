// Edge leanness figures, JSON lines:
// 1. a Worker that imports the client, bundled as wrangler would (esbuild, workerd conditions,
//    minified ESM), gzip -9 size and the share of each package in the minified output;
// 2. the same for the README's Worker (client + @sportscloud/edge/cloudflare);
// 3. Node cold import of @sportscloud/core (and of zod, ofetch alone): a fresh `node` per run,
//    alternating, 10 runs each, median.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'edge-size-'));

async function bundle(name, source) {
  const entry = join(root, `.size-${name}.ts`);
  writeFileSync(entry, source);
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      conditions: ['workerd', 'worker', 'browser', 'import'],
      mainFields: ['module', 'main'],
      external: ['cloudflare:*', 'node:*'],
      alias: { '@sportscloud/edge/cloudflare': join(root, 'src/cloudflare/index.ts') },
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].contents;
    const byPackage = {};
    for (const [path, info] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
      const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
      const key = match
        ? match[1]
        : path.includes('/core/')
          ? '@sportscloud/core'
          : path.includes('/edge/')
            ? '@sportscloud/edge'
            : 'other';
      byPackage[key] = (byPackage[key] ?? 0) + info.bytesInOutput;
    }
    const total = code.length;
    const shares = Object.fromEntries(
      Object.entries(byPackage)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, `${((v / total) * 100).toFixed(1)} %`]),
    );
    console.log(
      JSON.stringify({
        bundle: name,
        minifiedBytes: total,
        gzipBytes: gzipSync(code, { level: 9 }).length,
        gzipKiB: Number((gzipSync(code, { level: 9 }).length / 1024).toFixed(1)),
        shares,
        method: 'esbuild 0.28.2 bundle, minify, conditions workerd/worker/browser, gzip -9',
      }),
    );
  } finally {
    rmSync(entry, { force: true });
  }
}

await bundle(
  'worker-importing-the-client',
  `import { SportsCloudClient } from '@sportscloud/core';
export default { async fetch(_r: Request, env: Record<string, string>) {
  const client = new SportsCloudClient({ consumerId: env.ID!, sharedSecret: env.SECRET! });
  return Response.json(await client.accounts.list());
} };`,
);
await bundle(
  'readme-worker',
  `export * from './examples/worker.ts'; export { default } from './examples/worker.ts';`,
);

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const cases = { '@sportscloud/core': [], zod: [], ofetch: [] };
const corePath = fileURLToPath(import.meta.resolve('@sportscloud/core'));
for (let i = 0; i < 10; i++) {
  for (const name of Object.keys(cases)) {
    const target = name === '@sportscloud/core' ? corePath : name;
    const script = `const t = performance.now(); await import(${JSON.stringify(target)}); console.log(performance.now() - t);`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: name === '@sportscloud/core' ? root : join(root, '../core'),
      encoding: 'utf8',
    });
    cases[name].push(Number(out.stdout.trim()));
  }
}
for (const [name, times] of Object.entries(cases)) {
  console.log(
    JSON.stringify({
      coldImport: name,
      node: process.version,
      medianMs: Number(median(times).toFixed(1)),
      minMs: Number(Math.min(...times).toFixed(1)),
      runs: times.length,
      method: 'fresh node process per run, time around the dynamic import()',
    }),
  );
}
rmSync(dir, { recursive: true, force: true });
