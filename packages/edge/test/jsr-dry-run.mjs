// `deno publish --dry-run` of jsr.json, offline: Deno reads one config file, so jsr.json's publish
// fields are merged with deno.json's resolution settings (node_modules, import map) into a
// temporary config beside them; @sportscloud/core then resolves from the workspace's node_modules.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const deno = fileURLToPath(new URL('../node_modules/.bin/deno', import.meta.url));
const jsr = JSON.parse(readFileSync(new URL('../jsr.json', import.meta.url), 'utf8'));
const denoJson = JSON.parse(readFileSync(new URL('../deno.json', import.meta.url), 'utf8'));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const config = new URL('../.jsr-dry-run.json', import.meta.url);

const failures = [];
if (jsr.name !== pkg.name) failures.push(`jsr.json name ${jsr.name} ≠ package.json ${pkg.name}`);
if (jsr.version !== pkg.version)
  failures.push(`jsr.json version ${jsr.version} ≠ package.json ${pkg.version}`);
const npmExports = Object.keys(pkg.exports).filter((k) => k !== './package.json');
if (JSON.stringify(Object.keys(jsr.exports)) !== JSON.stringify(npmExports)) {
  failures.push(`jsr.json exports ${Object.keys(jsr.exports)} ≠ package.json exports ${npmExports}`);
}
for (const [entry, file] of Object.entries(jsr.exports)) {
  if (pkg.exports[entry]['@sportscloud/source'] !== file)
    failures.push(`${entry}: ${file} is not the npm source entry`);
}

const started = performance.now();
writeFileSync(config, JSON.stringify({ ...denoJson, ...jsr }, null, 2));
let result;
try {
  result = spawnSync(deno, ['publish', '--dry-run', '--allow-dirty', '--config', config.pathname], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
} finally {
  rmSync(config, { force: true });
}
const output = `${result.stdout}${result.stderr}`;
if (result.status !== 0 || !/Dry run complete/.test(output))
  failures.push(`deno publish --dry-run failed:\n${output}`);
for (const file of [...Object.values(jsr.exports), './README.md']) {
  if (!output.includes(file.replace(/^\.\//, '/'))) failures.push(`${file} is not in the published files`);
}
console.log(
  JSON.stringify({
    check: 'jsr publish --dry-run',
    ok: failures.length === 0,
    ms: Math.round(performance.now() - started),
  }),
);
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
