/**
 * The service's command line:
 *
 *   main.mjs [serve] [--quickstart] [--once]   run the service (the default)
 *   main.mjs token create (--account <id>… | --all-accounts) --scope <read|export|admin>… [--label <text>]
 *   main.mjs token list | token revoke <id>
 *
 * `--quickstart` (what `npm start` passes) prints the first sync's progress, the docs URL, a fresh admin
 * token and a per-athlete summary. `--once` runs one sync, prints the summary and exits.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { FolderInUseError, type PostgresStorage } from '@sportscloud/sync';
import { sql } from 'drizzle-orm';
import { createApp } from './app';
import { ConfigError, ENVIRONMENT, loadConfiguration, type ServiceConfig } from './config';
import { dashboardFolder } from './dashboard';
import { openServiceStorage, query } from './database';
import { createProgressPrinter } from './progress';
import { CONSUMER_USAGE, consumerCommand } from './scale/consumer-command';
import { SCALE_ENVIRONMENT, type ScaleConfig } from './scale/scale-config';
import { openSharedRateLimitStore } from './scale/shared-rate-limit';
import { openSportsCloudSource } from './sports-cloud-source';
import { formatSummary, summarise } from './summary';
import { SyncRunner } from './sync-runner';
import { checkTokenRequest, TokenInputError, TokenStore } from './tokens';

const USAGE = `Usage:
  node dist/main.mjs [serve] [--quickstart] [--once]
  node dist/main.mjs token create (--account <id> ... | --all-accounts) --scope <read|export|admin> ... [--consumer <id> ...] [--label <text>]
  node dist/main.mjs token list
  node dist/main.mjs token revoke <tokenId>
${CONSUMER_USAGE}

Environment:
${[...ENVIRONMENT, ...SCALE_ENVIRONMENT].map(([name, fallback, what]) => `  ${name.padEnd(26)} ${what} (default: ${fallback})`).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      quickstart: { type: 'boolean', default: false },
      once: { type: 'boolean', default: false },
      account: { type: 'string', multiple: true },
      'all-accounts': { type: 'boolean', default: false },
      scope: { type: 'string', multiple: true },
      label: { type: 'string' },
      consumer: { type: 'string', multiple: true },
      id: { type: 'string' },
      'shared-secret-file': { type: 'string' },
      'api-key-file': { type: 'string' },
      'base-url': { type: 'string' },
      'rate-per-second': { type: 'string' },
      'rate-burst': { type: 'string' },
      'daily-quota': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const { service: config, scale } = await loadConfiguration();
  const [command = 'serve', sub, arg] = positionals;
  if (command === 'token') return tokenCommand(config, sub, arg, values);
  if (command === 'consumer')
    return consumerCommand(
      scale,
      () => openServiceStorage(config),
      sub,
      values,
      config.sportsCloud?.consumerId,
    );
  if (command !== 'serve') {
    console.error(`Unknown command ${JSON.stringify(command)}.\n${USAGE}`);
    return 2;
  }
  return serve(config, { quickstart: values.quickstart || values.once, once: values.once }, scale);
}

async function tokenCommand(
  config: ServiceConfig,
  sub: string | undefined,
  arg: string | undefined,
  values: {
    account?: string[];
    'all-accounts'?: boolean;
    scope?: string[];
    label?: string;
    consumer?: string[];
  },
): Promise<number> {
  const request = {
    accounts: values['all-accounts'] ? ('*' as const) : (values.account ?? []),
    scopes: values.scope ?? [],
    ...(values.consumer ? { consumers: values.consumer } : {}),
    ...(values.label ? { label: values.label } : {}),
  };
  if (sub === 'create') {
    if (values['all-accounts'] && values.account?.length) {
      console.error('Use either --account or --all-accounts.');
      return 2;
    }
    try {
      // Checked before the database is opened: a typo costs nothing.
      checkTokenRequest(request);
    } catch (error) {
      if (!(error instanceof TokenInputError)) throw error;
      console.error(`Cannot create the token: ${error.message}`);
      return 2;
    }
  }
  const storage = await openServiceStorage(config);
  try {
    const tokens = new TokenStore(storage);
    if (sub === 'create') {
      const { token, info } = await tokens.create(request);
      console.error(
        `Token ${info.tokenId} (${info.scopes.join(', ')}; accounts: ${info.accounts === '*' ? 'all' : info.accounts.join(', ')}). It is shown only now; the service keeps its hash:`,
      );
      console.log(token);
      return 0;
    }
    if (sub === 'list') {
      for (const t of await tokens.list()) {
        console.log(
          `${t.tokenId}\t${t.scopes.join(',')}\t${t.accounts === '*' ? '*' : t.accounts.join(',')}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}\t${t.label}`,
        );
      }
      return 0;
    }
    if (sub === 'revoke' && arg && /^\d{1,9}$/.test(arg)) {
      const done = await tokens.revoke(Number(arg));
      console.log(done ? `Token ${arg} revoked.` : `No active token ${arg}.`);
      return done ? 0 : 1;
    }
    console.error(USAGE);
    return 2;
  } catch (error) {
    if (error instanceof TokenInputError) {
      console.error(`Cannot create the token: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await storage.close();
  }
}

/** Exit codes of a `--once` stopped by a signal: 128 + the signal's number, as a shell reports it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** How often a run that waits for another process's run of its consumer says it still waits. */
const WAIT_NOTICE_MS = 60_000;

async function serve(
  config: ServiceConfig,
  options: { quickstart: boolean; once: boolean },
  scale: ScaleConfig,
): Promise<number> {
  // The quick start's console is for people: routine log lines only when asked for.
  if (options.quickstart && !process.env.LOG_LEVEL) config = { ...config, logLevel: 'warn' };
  const source = await openSportsCloudSource(config, {
    ...(process.env.SPORTSCLOUD_FAKE_COLD_RATIO !== undefined
      ? { coldRatio: Number(process.env.SPORTSCLOUD_FAKE_COLD_RATIO) }
      : {}),
  });
  let storage: PostgresStorage | undefined;
  let app: INestApplication | undefined;
  let closing: Promise<void> | undefined;
  const shared = scale.redis ? openSharedRateLimitStore(scale.redis) : undefined;
  const close = () =>
    (closing ??= (async () => {
      // The sync stops after the unit it is committing; then the HTTP server, then the database.
      await app?.close();
      await storage?.close();
      await shared?.close();
      await source.close();
    })());
  try {
    if (source.demo) console.error(`⚠ ${source.description}`);
    // A sync run holds a connection for its lock: a worker running several needs as many more.
    storage = await openServiceStorage(
      config,
      scale.redis ? { maxConnections: scale.worker.concurrency + 4 } : {},
    );
    app = await createApp({
      config,
      storage,
      source,
      syncAtBoot: true,
      // The quick start's (and --once's) run is this process's own, shown as it goes: with REDIS_URL
      // the queue's boot enqueue leaves its consumer out, and it waits for another process's run of
      // it rather than failing. --once takes no part in the queue: one run of its own consumer
      // (paced by the shared budget), no boot enqueue, no worker.
      ownSync: options.quickstart,
      syncQueue: !options.once,
      scale,
      ...(shared ? { sharedRateLimitStore: shared.store } : {}),
    });
    const runner = app.get(SyncRunner);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`\n${signal}: stopping (the sync commits or rolls back its current unit)…`);
        close().then(
          // A server stopped on request exits 0; a `--once` run that did not finish must not look like
          // a success to cron or a script: the shell's code for death by that signal.
          () => process.exit(options.once ? SIGNAL_EXIT[signal] : 0),
          (error) => {
            console.error(error);
            process.exit(1);
          },
        );
      });
    }
    if (!options.once) await app.listen(config.port, config.host);
    if (options.quickstart) {
      const printer = createProgressPrinter(process.stderr);
      // A wait for another process's run of the consumer is told at once, then every minute.
      let waitSince: number | undefined;
      let waitToldAt = 0;
      const timer = setInterval(() => {
        const waiting = runner.waitingForLock;
        const now = Date.now();
        if (waiting && (waitSince === undefined || now - waitToldAt >= WAIT_NOTICE_MS)) {
          waitSince ??= now;
          waitToldAt = now;
          printer.waiting(waiting, now - waitSince);
        }
        printer.update(runner.progress);
      }, 200);
      // The boot run is going (the app listens: it booted): join it. --once (not listening) starts it.
      const report = await runner.trigger('request').done;
      clearInterval(timer);
      // Stopped by a signal: its handler finishes the shutdown and exits.
      if (closing) return await new Promise<number>(() => {});
      printer.done(report);
      await printQuickstart(config, storage, app, options.once);
      if (options.once) {
        await close();
        return report && report.state !== 'failed' ? 0 : 1;
      }
    } else if (!options.once) {
      const url = await app.getUrl();
      console.error(
        `Listening on ${url} (API docs: ${url}/docs${dashboardFolder() ? `, dashboard: ${url}/` : ''})`,
      );
    }
    return await new Promise<number>(() => {});
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

async function printQuickstart(
  config: ServiceConfig,
  storage: PostgresStorage,
  app: INestApplication,
  once: boolean,
) {
  const names = new Map<string, string>();
  for (const r of await query(
    storage,
    sql`select account_id, athlete_id, first_name, last_name from sc_athletes`,
  )) {
    names.set(`${r.account_id}/${r.athlete_id}`, `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim());
  }
  console.log(
    `\nPer athlete (every stored session and measurement):\n${formatSummary(await summarise(storage, names))}`,
  );
  if (once) return;
  const { token } = await new TokenStore(storage).create({
    label: 'npm start',
    accounts: '*',
    scopes: ['admin'],
  });
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const dashboard = dashboardFolder() ? `Dashboard:    ${url}/   (sign in with the admin token below)\n` : '';
  console.log(`
${dashboard}API docs:     ${url}/docs   (the browser asks you to sign in: any user name, the token below as password)
              OpenAPI: ${url}/docs-json (with the bearer token)
Admin token:  ${token}
              (shown once, stored hashed; e.g. curl -H "Authorization: Bearer <token>" ${url}/api/accounts)
Sync status:  ${url}/api/sync/status    Metrics: ${url}/metrics    Liveness: ${url}/health/live
Serving on ${config.host}:${config.port}; ${config.syncIntervalMinutes > 0 ? `the next sync runs in ${config.syncIntervalMinutes} min` : 'syncs run on demand (POST /api/sync)'}. Ctrl-C stops.`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    if (error instanceof FolderInUseError) {
      console.error(
        `${error.message}.\nWhile the service runs, manage tokens through its API (POST /api/tokens with an admin token), or stop it first.`,
      );
      process.exit(1);
    }
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exit(1);
  },
);
