import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, collect, type Fake, type Run, sandbox, sportscloud, startFake } from './harness';

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
/** Requests the fake served for one CLI run, by operation. */
async function served(run: () => Promise<Run>): Promise<{ run: Run; paths: string[] }> {
  const before = api.fake.requests.length;
  const result = await run();
  return { run: result, paths: api.fake.requests.slice(before).map((r) => r.path.split('?')[0]!) };
}

describe('register', () => {
  it('creates a consumer, shows its id and secret once with a warning, and sends exactly one request', async () => {
    const { run, paths } = await served(() =>
      sportscloud(['register', '--name', 'Lab Laptop'], {
        env: { ...env(), SPORTSCLOUD_BASE_URL: api.server.url },
      }),
    );
    expect(run.code, all(run)).toBe(0);
    expect(paths).toEqual(['/account/register']);
    const id = /consumer id: +(\S+)/.exec(run.stdout)![1]!;
    const secret = /shared secret: +(\S+)/.exec(run.stdout)![1]!;
    expect(run.stdout.split(secret)).toHaveLength(2);
    expect(run.stderr).toMatch(/warning: store the shared secret now.*shown only this once/);
    // The new consumer works.
    const doctor = await sportscloud(['doctor', '--json'], {
      env: env({
        SPORTSCLOUD_BASE_URL: api.server.url,
        SPORTSCLOUD_CONSUMER_ID: id,
        SPORTSCLOUD_SHARED_SECRET: secret,
      }),
    });
    expect(JSON.parse(doctor.stdout).checks.find((c: { id: string }) => c.id === 'jwt').status).toBe('ok');
  });

  it('--save writes a 0600 config file, prints no secret, and refuses to overwrite it before registering', async () => {
    const config = join(box.dir, 'saved', 'credentials.json');
    const args = [
      'register',
      '--name',
      'Saved Consumer',
      '--save',
      '--config',
      config,
      '--base-url',
      api.server.url,
    ];
    const { run } = await served(() => sportscloud([...args, '--json'], { env: env() }));
    expect(run.code, all(run)).toBe(0);
    const saved = JSON.parse(readFileSync(config, 'utf8'));
    expect(saved).toMatchObject({
      consumerId: expect.any(String),
      sharedSecret: expect.any(String),
      baseURL: api.server.url,
    });
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(statSync(join(box.dir, 'saved')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(run.stdout)).toEqual({
      consumerId: saved.consumerId,
      consumerName: 'Saved Consumer',
      savedTo: config,
    });
    expect(all(run)).not.toContain(saved.sharedSecret);
    // The saved file is all later commands need.
    const doctor = await sportscloud(['doctor', '--config', config], { env: env() });
    expect(doctor.code, all(doctor)).toBe(0);

    const again = await served(() => sportscloud(args, { env: env() }));
    expect(again.run.code).toBe(2);
    expect(again.run.stderr).toContain('--force');
    expect(again.paths).toEqual([]);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual(saved);
  });

  it('rejects a name the API would refuse, before sending anything (exit code 2)', async () => {
    const { run, paths } = await served(() =>
      sportscloud(['register', '--name', 'Firstbeat Tools'], {
        env: env({ SPORTSCLOUD_BASE_URL: api.server.url }),
      }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('consumerName');
    expect(paths).toEqual([]);
  });
});

describe('api-key', () => {
  it('prints the key masked, whole with --reveal, and --save adds it to the config file', async () => {
    const masked = await sportscloud(['api-key'], { env: env(api.env) });
    expect(masked.code).toBe(0);
    const key = api.fake.apiKey;
    expect(masked.stdout).toContain(`${key.slice(0, 4)}…${key.slice(-4)}`);
    expect(masked.stdout).not.toContain(key);
    const revealed = await sportscloud(['api-key', '--reveal', '--json'], { env: env(api.env) });
    expect(JSON.parse(revealed.stdout)).toEqual({ consumerId: api.fake.consumerId, apiKey: key });

    const config = join(box.dir, 'api-key.json');
    writeFileSync(
      config,
      JSON.stringify({ consumerId: api.fake.consumerId, sharedSecret: api.fake.sharedSecret }),
      { mode: 0o600 },
    );
    const saved = await sportscloud(['api-key', '--save', '--config', config], {
      env: env({ SPORTSCLOUD_BASE_URL: api.server.url }),
    });
    expect(saved.code, all(saved)).toBe(0);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({
      consumerId: api.fake.consumerId,
      sharedSecret: api.fake.sharedSecret,
      apiKey: key,
    });
    // With the key stored, commands send no api-key request.
    const { paths } = await served(() =>
      sportscloud(
        ['quota', '--account', api.fake.data.accounts[0]!.accountId, '--team', '1', '--from', '2025-03-01'],
        {
          env: env({ SPORTSCLOUD_BASE_URL: api.server.url, SPORTSCLOUD_CONFIG: config }),
        },
      ),
    );
    expect(paths.filter((p) => p === '/account/api-key')).toEqual([]);
  });
});

describe('doctor', () => {
  it('exit code 0 when every check passes, 3 when one fails, with the cause and the fix', async () => {
    const ok = await sportscloud(['doctor'], { env: env(api.env) });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Sports Cloud connection check: OK');
    expect(ok.stdout).toMatch(/\[ok {2}\] accounts/);

    const wrong = await sportscloud(['doctor'], {
      env: env({ ...api.env, SPORTSCLOUD_SHARED_SECRET: 'wrong-secret-123456' }),
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toMatch(/\[FAIL\] jwt/);
    expect(wrong.stdout).toContain('fix:');
    const json = await sportscloud(['doctor', '--json'], {
      env: env({ ...api.env, SPORTSCLOUD_SHARED_SECRET: 'wrong-secret-123456' }),
    });
    expect(json.code).toBe(3);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    // core's checks, in its order (it may add more, e.g. sessions).
    expect(report.checks.map((c: { id: string }) => c.id).slice(0, 5)).toEqual([
      'clock',
      'jwt',
      'apiKey',
      'accounts',
      'url',
    ]);
    expect(report.credentialSources).toEqual({
      consumerId: 'environment',
      sharedSecret: 'environment',
      baseURL: 'environment',
    });
  });

  it('--strict turns a warning into exit code 3', async () => {
    // A consumer no coach has granted an account yet: every request works, and the accounts check warns.
    const fresh = api.fake.registerConsumer({ consumerName: 'Fresh', accountIds: [] });
    const freshEnv = env({
      ...api.env,
      SPORTSCLOUD_CONSUMER_ID: fresh.consumerId,
      SPORTSCLOUD_SHARED_SECRET: fresh.sharedSecret,
    });
    const plain = await sportscloud(['doctor'], { env: freshEnv });
    expect(plain.stdout, all(plain)).toMatch(/\[WARN\] accounts/);
    expect(plain.code).toBe(0);
    const strict = await sportscloud(['doctor', '--strict'], { env: freshEnv });
    expect(strict.code).toBe(3);
  });
});

describe('quota', () => {
  const account = () => api.fake.data.accounts[0]!;
  const from = '2025-03-03';
  const to = '2025-03-17';
  const inRange = (t: string) => t >= `${from}T00:00:00Z` && t < `${to}T00:00:00Z`;

  it('counts 1 request per list page and 1 per session, and sends only list requests', async () => {
    const { accountId } = account();
    const { run, paths } = await served(() =>
      sportscloud(['quota', '--account', accountId, '--from', from, '--to', to, '--json'], {
        env: env(api.env),
      }),
    );
    expect(run.code, all(run)).toBe(0);
    const { plan, today, fitsToday } = JSON.parse(run.stdout);
    const sessions = account().sessions.filter((s) => inRange(s.startTime));
    const teams = account().teams.length;
    expect(plan).toEqual({
      per: 'session',
      accounts: 1,
      teams,
      athletes: 0,
      items: sessions.length,
      listRequests: 1 + teams, // one page of teams, one page of sessions per team
      resultsRequests: sessions.length,
      needed: 1 + teams + sessions.length,
    });
    expect(sessions.length).toBeGreaterThan(0);
    expect(paths.filter((p) => !p.endsWith('/teams') && !p.endsWith('/sessions'))).toEqual([
      '/account/api-key',
    ]);
    expect(today.usedByThisCli).toBeGreaterThanOrEqual(paths.length);
    expect(fitsToday).toBe(true);
  });

  it('per measurement: 1 per page of athletes and of each athlete’s measurements, 1 per measurement', async () => {
    const { accountId } = account();
    const run = await sportscloud(
      ['quota', '--account', accountId, '--from', from, '--to', to, '--per', 'measurement', '--json'],
      {
        env: env(api.env),
      },
    );
    expect(run.code, all(run)).toBe(0);
    const { plan } = JSON.parse(run.stdout);
    const measurements = account().measurements.filter((m) => inRange(m.startTime));
    expect(plan.items).toBe(measurements.length);
    expect(plan.athletes).toBe(account().athletes.length);
    expect(plan.listRequests).toBe(1 + account().athletes.length);
  });

  it('counts what this CLI sent today across runs, and exits 3 when the plan does not fit', async () => {
    const state = join(box.dir, 'quota-state');
    const ledgerEnv = env({ ...api.env, SPORTSCLOUD_STATE_DIR: state });
    const doctor = await served(() => sportscloud(['doctor'], { env: ledgerEnv }));
    expect(doctor.run.code).toBe(0);
    const first = JSON.parse(
      (
        await sportscloud(['quota', '--account', account().accountId, '--from', from, '--to', to, '--json'], {
          env: ledgerEnv,
        })
      ).stdout,
    );
    // Every request doctor sent, then quota's api-key request and its list pages.
    expect(doctor.paths.length).toBeGreaterThanOrEqual(2);
    expect(first.today.usedByThisCli).toBe(doctor.paths.length + 1 + first.plan.listRequests);
    expect(first.today.left).toBe(5000 - first.today.usedByThisCli);

    // The ledger: one byte per request in a file per consumer and UTC day.
    const key = createHash('sha256').update(api.fake.consumerId).digest('hex').slice(0, 16);
    const file = join(state, 'quota', key, new Date().toISOString().slice(0, 10));
    expect(statSync(file).size).toBe(first.today.usedByThisCli);
    mkdirSync(join(state, 'quota', key), { recursive: true });
    writeFileSync(file, '.'.repeat(4995));
    const full = await sportscloud(['quota', '--account', account().accountId, '--from', from, '--to', to], {
      env: ledgerEnv,
    });
    expect(full.code, all(full)).toBe(3);
    expect(full.stdout).toContain('Does not fit today');
    expect(full.stdout).toMatch(/this CLI sent 4999 of 5000; 1 left/);
  });

  it('names a bad time or a bad --per (exit code 2)', async () => {
    const bad = await sportscloud(['quota', '--from', 'last tuesday'], { env: env(api.env) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('fromTime');
    const per = await sportscloud(['quota', '--per', 'measurement', '--team', '3'], { env: env(api.env) });
    expect(per.code).toBe(2);
    expect(per.stderr).toContain('--team applies to --per session');
  });

  it('shows progress as plain lines on stderr when it is not a terminal', async () => {
    const run = await sportscloud(['quota', '--from', from, '--to', to], { env: env(api.env) });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^quota: listing: \d+\/\d+ teams of account 2\/2, \d+ sessions$/m);
    expect(run.stderr).not.toContain('\x1b');
  });

  it('Ctrl-C (a real SIGINT) while listing stops at once with exit code 130', async () => {
    // A slow server (burst 3, then 1 request a second): the listing is still running when interrupted.
    const slow = await startFake({ seed: 1, limits: { rate: 1, burst: 3 } });
    try {
      const started = performance.now();
      const child = spawn(process.execPath, [BIN, 'quota', '--per', 'measurement'], {
        env: { ...box.env, ...slow.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const done = collect(child, started);
      await new Promise<void>((resolve) => {
        child.stderr!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('quota: listing')) resolve();
        });
      });
      const interruptedAt = performance.now();
      child.kill('SIGINT');
      const run = await done;
      expect(run.code, all(run)).toBe(130);
      expect(run.stderr).toContain('error: interrupted');
      expect(run.stdout).toBe('');
      // It does not wait for the request in flight, nor for the rate limiter.
      expect(performance.now() - interruptedAt).toBeLessThan(3_000);
    } finally {
      await slow.server.close();
    }
  });
});
