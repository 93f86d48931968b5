// Gives every published package the metadata users and registries read (license file, engines,
// repository, homepage, bugs) from one place. Run after adding a package: `node scripts/package-metadata.mjs`.
// tests/src/packaging.test.ts fails when a package is out of step.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = 'https://github.com/sportscloud-toolkit/sportscloud-toolkit';

export function expectedMetadata(dir) {
  const root = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
  return {
    license: 'MIT',
    engines: root.engines,
    repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory: `packages/${dir}` },
    homepage: `${REPOSITORY}/tree/main/packages/${dir}#readme`,
    bugs: { url: `${REPOSITORY}/issues` },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const dir of readdirSync('packages')) {
    const file = join('packages', dir, 'package.json');
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (pkg.private) continue;
    const { name, version, description, ...rest } = pkg;
    writeFileSync(
      file,
      `${JSON.stringify({ name, version, description, ...expectedMetadata(dir), ...rest, ...expectedMetadata(dir) }, null, 2)}\n`,
    );
    copyFileSync('LICENSE', join('packages', dir, 'LICENSE'));
    console.log(`${name}: metadata and LICENSE written`);
  }
}
