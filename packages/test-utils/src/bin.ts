#!/usr/bin/env node
/// <reference types="node" />
import { parseArgs } from 'node:util';
import { createFakeSportsCloud, type FakeSportsCloudOptions } from './fake/server';
import { startFakeServer } from './node';

/**
 * sportscloud-fake: serve a seeded fake Sports Cloud on loopback. Prints one JSON line
 * {"url","consumerId","sharedSecret","apiKey"} on stdout once listening; stops on SIGINT/SIGTERM.
 */

const USAGE = `Usage: sportscloud-fake [options]
  --port <n>                  default 0 (any free port)
  --host <addr>               default 127.0.0.1
  --seed <n>                  default 1
  --rate <tokens/s>           default 1
  --burst <n>                 default 60
  --daily-quota <n>           default 5000
  --response-limit-bytes <n>  default 6291456 (6 MiB)
  --page-size <n>             default 1000
  --cold-ratio <0..1>         default 0
  --cold-polls <n>            default 2
  --failed-ratio <0..1>       default 0
  --fault-rate <0..1>         default 0
  --latency-ms <n>            default 1000 (for latency faults)
  --accounts <n> --coaches <n> --teams <n> --groups <n> --athletes <n>
  --measurements <n> --sessions <n> --laps <n>   data-set size knobs`;

const numeric = [
  'port',
  'seed',
  'rate',
  'burst',
  'daily-quota',
  'response-limit-bytes',
  'page-size',
  'cold-ratio',
  'cold-polls',
  'failed-ratio',
  'fault-rate',
  'latency-ms',
  'accounts',
  'coaches',
  'teams',
  'groups',
  'athletes',
  'measurements',
  'sessions',
  'laps',
] as const;

function parse(): { options: FakeSportsCloudOptions; port: number; host: string } {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(numeric.map((name) => [name, { type: 'string' as const }])),
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const n: Partial<Record<(typeof numeric)[number], number>> = {};
  for (const name of numeric) {
    const text = (values as Record<string, unknown>)[name];
    if (typeof text !== 'string') continue;
    const value = Number(text);
    if (text.trim() === '' || Number.isNaN(value)) throw new Error(`--${name} needs a number, got "${text}"`);
    n[name] = value;
  }
  const pick = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
      [K in keyof T]: Exclude<T[K], undefined>;
    };
  return {
    port: n.port ?? 0,
    host: values.host as string,
    options: pick({
      seed: n.seed,
      pageSize: n['page-size'],
      responseLimitBytes: n['response-limit-bytes'],
      coldRatio: n['cold-ratio'],
      coldPolls: n['cold-polls'],
      failedRatio: n['failed-ratio'],
      limits: pick({ rate: n.rate, burst: n.burst, dailyQuota: n['daily-quota'] }),
      faults: pick({ rate: n['fault-rate'], latencyMs: n['latency-ms'] }),
      dataset: pick({
        accounts: n.accounts,
        coachesPerAccount: n.coaches,
        teamsPerAccount: n.teams,
        groupsPerTeam: n.groups,
        athletesPerAccount: n.athletes,
        measurementsPerAthlete: n.measurements,
        sessionsPerTeam: n.sessions,
        maxLaps: n.laps,
      }),
    }),
  };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const fake = createFakeSportsCloud(parsed.options);
  const server = await startFakeServer(fake, { port: parsed.port, host: parsed.host });
  const { consumerId, sharedSecret, apiKey } = fake;
  process.stdout.write(`${JSON.stringify({ url: server.url, consumerId, sharedSecret, apiKey })}\n`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
