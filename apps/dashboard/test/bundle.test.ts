import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const BUDGET = 200 * 1024;

it('ships at most 200 KB of JavaScript (gzip) in the build', () => {
  const files = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  expect(files.length).toBeGreaterThan(0);
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dist, 'assets', f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  console.log(
    `JavaScript shipped: ${files.length} file(s), ${(raw / 1024).toFixed(1)} KB raw, ${(gzip / 1024).toFixed(1)} KB gzip -9 (budget ${BUDGET / 1024} KB)`,
  );
  expect(gzip).toBeLessThanOrEqual(BUDGET);
  // index.html loads only what was measured.
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  for (const src of html.matchAll(/src="\/assets\/([^"]+)"/g)) expect(files).toContain(src[1]);
});
