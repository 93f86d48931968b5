import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The tests drive the built bin, as users run it: fail at once, and say why, when it was not built.
export default function setup(): void {
  const bin = fileURLToPath(new URL('../dist/bin.mjs', import.meta.url));
  if (!existsSync(bin))
    throw new Error(`${bin} is missing: run \`npx -y pnpm@12.4.2 exec turbo run build\` first`);
}
