import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The README's run command (`npm start`) ends in `node dist/main.mjs --quickstart` of the service;
// turbo builds it before these tests (^build).
const service = fileURLToPath(new URL('../../apps/service/dist/main.mjs', import.meta.url));

function start(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [service, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const done = new Promise<{ code: number | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code }));
  });
  return { child, done, out: () => stdout, err: () => stderr };
}

describe('npm start (the README run command): the service on embedded defaults', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sc-quickstart-'));
    const {
      SPORTSCLOUD_CONSUMER_ID: _id,
      SPORTSCLOUD_SHARED_SECRET: _secret,
      DATABASE_URL: _db,
      ...rest
    } = process.env;
    // No cold analyses: they would add 5 s waits on the real clock.
    env = { ...rest, DATA_DIR: dataDir, PORT: '0', SPORTSCLOUD_FAKE_COLD_RATIO: '0', LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('--once: syncs the demo data, prints a summary per athlete and exits 0', async () => {
    const run = start(['--once'], env);
    const { code } = await run.done;
    expect(code, run.err()).toBe(0);
    expect(run.err()).toContain('DEMO DATA');
    expect(run.err()).toMatch(/Synced \(run 1, done\)/);
    expect(run.out()).toMatch(/account +athlete +sessions +duration +avg HR +TRIMP/);
    // One line per athlete: account, name, sessions, duration, average HR, TRIMP.
    expect(run.out()).toMatch(/\d+-\d+ +\S.+ +\d+ +\d+ h \d\d m +\d+ +[\d.]+\n/);
  }, 120_000);

  it('serves: prints the dashboard and docs URLs and an admin token that works, and stops cleanly on Ctrl-C', async () => {
    const run = start(['--quickstart'], env);
    const deadline = Date.now() + 90_000;
    while (!/Admin token: +(sct_\S+)/.test(run.out()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const token = /Admin token: +(sct_\S+)/.exec(run.out())?.[1];
    const docs = /API docs: +(http:\/\/localhost:\d+)\/docs/.exec(run.out())?.[1];
    expect(token, run.err()).toBeDefined();
    const base = docs!.replace('localhost', '127.0.0.1');
    // The docs need the token too: a bearer header, or (a browser's sign-in) Basic with it as password.
    expect((await fetch(`${base}/docs-json`)).status).toBe(401);
    const docs401 = await fetch(`${base}/docs`);
    expect(docs401.status).toBe(401);
    expect(docs401.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await fetch(`${base}/docs-json`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );
    expect(
      (await fetch(`${base}/docs`, { headers: { authorization: `Basic ${btoa(`me:${token}`)}` } })).status,
    ).toBe(200);
    // The dashboard (apps/dashboard, built before the service) is served at the printed URL.
    const dashboard = /Dashboard: +(http:\/\/localhost:\d+\/)/.exec(run.out())?.[1];
    expect(dashboard, run.out()).toBe(`${docs}/`);
    const page = await fetch(base, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<title>Sports Cloud dashboard</title>');
    const accounts = await fetch(`${base}/api/accounts`, { headers: { authorization: `Bearer ${token}` } });
    expect(accounts.status).toBe(200);
    expect(((await accounts.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect((await fetch(`${base}/api/accounts`)).status).toBe(401);

    // The README's curl commands, as written, against this service (its port instead of 3000).
    const account = (
      (await (
        await fetch(`${base}/api/accounts`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { items: { accountId: string }[] }
    ).items[0]!.accountId;
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const commands = readme
      .slice(readme.indexOf('## Run the service'), readme.indexOf('## Test'))
      .split('\n')
      .filter((line) => line.startsWith('curl '));
    expect(commands.length).toBeGreaterThanOrEqual(4);
    const cwd = await mkdtemp(join(tmpdir(), 'sc-readme-curl-'));
    for (const command of commands) {
      const result = spawnSync('bash', ['-c', command.replaceAll('localhost:3000', new URL(base).host)], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, TOKEN: token, ACCOUNT: account },
      });
      expect(result.status, `${command}\n${result.stderr}`).toBe(0);
    }
    expect(readFileSync(join(cwd, 'season.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    await rm(cwd, { recursive: true, force: true });
    run.child.kill('SIGINT');
    expect((await run.done).code).toBe(0);
  }, 120_000);
});
