// After `changeset version`: write each published package's version into its src/version.ts,
// so the version the SDK reports (user agent, support bundles) is the released one.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

for (const dir of readdirSync('packages')) {
  const versionFile = join('packages', dir, 'src', 'version.ts');
  if (!existsSync(versionFile)) continue;
  const { version } = JSON.parse(readFileSync(join('packages', dir, 'package.json'), 'utf8'));
  const source = readFileSync(versionFile, 'utf8').replace(/VERSION = '[^']*'/, `VERSION = '${version}'`);
  writeFileSync(versionFile, source);
  console.log(`${versionFile}: ${version}`);
}
