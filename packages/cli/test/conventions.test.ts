import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fake, type Run, sandbox, secretsOf, sportscloud, startFake } from './harness';

// What users expect of any command line: help with examples everywhere, documented exit codes,
// NO_COLOR, and credentials that never come from a flag and never come back out.

const COMMANDS = ['register', 'api-key', 'doctor', 'quota', 'sync', 'export', 'decode'];
const box = sandbox();
let api: Fake;

beforeAll(async () => {
  api = await startFake();
});
afterAll(async () => {
  await api.server.close();
  box.cleanup();
});

const env = (extra: Record<string, string> = {}) => ({ ...box.env, ...extra });
const all = (run: Run) => `${run.stdout}${run.stderr}`;

describe('--help', () => {
  it('documents the commands, credentials and exit codes at the top level', async () => {
    const run = await sportscloud(['--help'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: sportscloud/);
    for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command} `);
    for (const name of [
      'SPORTSCLOUD_CONSUMER_ID',
      'SPORTSCLOUD_SHARED_SECRET',
      'SPORTSCLOUD_API_KEY',
      'NO_COLOR',
    ]) {
      expect(run.stdout).toContain(name);
    }
    for (const code of ['0 ', '1 ', '2 ', '3 ', '130 ']) expect(run.stdout).toContain(`\n  ${code}`);
  });

  it.each(COMMANDS)('%s --help shows usage and runnable examples', async (command) => {
    const run = await sportscloud([command, '--help'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: sportscloud ${command}`));
    const examples = run.stdout.slice(run.stdout.indexOf('Examples:'));
    expect(examples.match(/\$ sportscloud /g)?.length ?? 0, run.stdout).toBeGreaterThanOrEqual(1);
    // `sportscloud help <command>` says the same.
    const help = await sportscloud(['help', command], { env: env() });
    expect(help.stdout).toBe(run.stdout);
  });
});

describe('credentials never come from a flag', () => {
  it('no command has an option that takes a credential', async () => {
    for (const command of ['', ...COMMANDS]) {
      const run = await sportscloud(command ? [command, '--help'] : ['--help'], { env: env() });
      const options = run.stdout.split('\n').filter((line) => /^\s+-/.test(line));
      expect(options.length, command).toBeGreaterThan(0);
      for (const line of options) {
        expect(line, `${command}: ${line}`).not.toMatch(/--[\w-]*(secret|password|token|key|consumer-id)/i);
      }
    }
  });

  it('rejects a would-be credential flag as a usage error without echoing its value', async () => {
    const value = 'f1a2b3c4-d5e6-4789-abcd-0123456789ab';
    for (const args of [
      ['doctor', `--shared-secret=${value}`],
      ['doctor', '--shared-secret', value],
      ['doctor', `--api-key=${value}`],
    ]) {
      const run = await sportscloud(args, { env: env(api.env) });
      expect(run.code, all(run)).toBe(2);
      expect(run.stderr).toMatch(/unknown option/);
      expect(all(run)).not.toContain(value);
    }
  });

  it('names what is missing when there are no credentials (exit code 2)', async () => {
    const run = await sportscloud(['doctor'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SPORTSCLOUD_CONSUMER_ID and SPORTSCLOUD_SHARED_SECRET');
    expect(run.stderr).toContain(join(box.dir, 'config', 'sportscloud', 'credentials.json'));
    const json = await sportscloud(['doctor', '--json'], { env: env() });
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'usage' } });
  });
});

describe('exit codes', () => {
  it('2 for an unknown command, an unknown option, a missing argument or no command', async () => {
    for (const args of [
      ['nonsense'],
      ['doctor', '--nonsense'],
      ['decode'],
      [],
      ['quota', '--per', 'athlete'],
    ]) {
      const run = await sportscloud(args, { env: env(api.env) });
      expect(run.code, `${args.join(' ')}: ${all(run)}`).toBe(2);
    }
  });

  it('1 when the API cannot be reached, with a message naming it', async () => {
    const run = await sportscloud(['api-key'], {
      env: env({ ...api.env, SPORTSCLOUD_BASE_URL: 'http://127.0.0.1:9/v1' }),
    });
    expect(run.code, all(run)).toBe(1);
    expect(run.stderr).toMatch(/^error: /);
  });

  it('0 for --version, which is the package version', async () => {
    const run = await sportscloud(['--version'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('colour', () => {
  it('is off when NO_COLOR is set, even where FORCE_COLOR asks for it, and without a terminal', async () => {
    const forced = await sportscloud(['doctor'], { env: env({ ...api.env, FORCE_COLOR: '1' }) });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('\x1b[32m');
    const off = await sportscloud(['doctor'], { env: env({ ...api.env, FORCE_COLOR: '1', NO_COLOR: '1' }) });
    expect(off.code).toBe(0);
    expect(all(off)).not.toContain('\x1b[');
    const piped = await sportscloud(['doctor'], { env: env(api.env) });
    expect(all(piped)).not.toContain('\x1b[');
  });
});

describe('config file', () => {
  const write = (name: string, content: unknown, mode: number) => {
    const path = join(box.dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    chmodSync(path, mode);
    return path;
  };
  const file = () => ({
    consumerId: api.fake.consumerId,
    sharedSecret: api.fake.sharedSecret,
    baseURL: api.server.url,
  });

  it('is read from --config, SPORTSCLOUD_CONFIG or the default path; 0600 gives no warning', async () => {
    const path = write('own.json', file(), 0o600);
    for (const [args, extra] of [
      [['doctor', '--config', path], {}],
      [['doctor'], { SPORTSCLOUD_CONFIG: path }],
    ] as const) {
      const run = await sportscloud(args, { env: env(extra) });
      expect(run.code, all(run)).toBe(0);
      expect(run.stdout).toContain('sharedSecret from config file');
      expect(run.stderr).toBe('');
    }
    const home = join(box.dir, 'config', 'sportscloud');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'credentials.json'), JSON.stringify(file()), { mode: 0o600 });
    const run = await sportscloud(['doctor'], { env: env() });
    expect(run.code, all(run)).toBe(0);
  });

  it('warns on stderr when others can read it, and still works', async () => {
    const path = write('shared.json', file(), 0o644);
    const run = await sportscloud(['doctor', '--config', path], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: ${path} is readable by other users (mode 0644)`);
    expect(run.stderr).toContain(`chmod 600 '${path}'`);
  });

  it('lets the environment win over the file, field by field', async () => {
    const path = write('wrong-secret.json', { ...file(), sharedSecret: 'not-the-secret-0000' }, 0o600);
    const run = await sportscloud(['doctor', '--config', path], {
      env: env({ SPORTSCLOUD_SHARED_SECRET: api.fake.sharedSecret }),
    });
    expect(run.code, all(run)).toBe(0);
    expect(run.stdout).toContain('sharedSecret from environment');
  });

  it('names what is wrong in a bad file (exit code 2) without echoing its content', async () => {
    const secret = api.fake.sharedSecret;
    const cases: [string, string | object, RegExp][] = [
      ['unknown.json', { ...file(), password: 'x' }, /unknown field\(s\) "password"/],
      ['broken.json', `{"consumerId": "a", "sharedSecret": "${secret}",}`, /is not valid JSON/],
      ['array.json', [file()], /must hold a JSON object/],
      ['number.json', { ...file(), apiKey: 42 }, /apiKey must be a string/],
    ];
    for (const [name, content, message] of cases) {
      const path = write(name, content, 0o600);
      const run = await sportscloud(['doctor', '--config', path], { env: env() });
      expect(run.code, name).toBe(2);
      expect(run.stderr, name).toMatch(message);
      expect(all(run), name).not.toContain(secret);
    }
    const missing = await sportscloud(['doctor', '--config', join(box.dir, 'nope.json')], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the config file');
  });
});

describe('secrets in output', () => {
  it('never appear in any output or error of doctor, api-key and quota, text or JSON', async () => {
    const runs: Run[] = [];
    for (const json of [[], ['--json']]) {
      runs.push(await sportscloud(['doctor', ...json], { env: env(api.env) }));
      runs.push(await sportscloud(['api-key', ...json], { env: env(api.env) }));
      runs.push(
        await sportscloud(['quota', '--from', '2025-03-03', '--to', '2025-03-10', ...json], {
          env: env(api.env),
        }),
      );
      // A wrong secret: the JWT is rejected, and the error must still not carry the secret.
      const wrong = { ...api.env, SPORTSCLOUD_SHARED_SECRET: 'a-wrong-secret-of-some-length' };
      runs.push(await sportscloud(['doctor', ...json], { env: env(wrong) }));
      runs.push(await sportscloud(['quota', ...json], { env: env(wrong) }));
      const failed = runs.at(-1)!;
      expect(failed.code).toBe(1);
      expect(all(failed)).not.toContain('a-wrong-secret-of-some-length');
    }
    for (const run of runs) {
      for (const secret of secretsOf(api.fake)) expect(all(run)).not.toContain(secret);
    }
    // The quota ledger lives in the sandbox's XDG_STATE_HOME, not in the user's home.
    expect(statSync(join(box.dir, 'state', 'sportscloud', 'quota')).isDirectory()).toBe(true);
  });
});
