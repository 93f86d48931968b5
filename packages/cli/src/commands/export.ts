import type { SportsCloudClient } from '@sportscloud/core';
import type { ExportItem } from '@sportscloud/sync';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { type DatabaseFlags, openDatabase } from '../database';
import { UsageError } from '../exit-codes';
import { checkFilter, checkOutput, type OutputFlags, runExport } from '../export-runner';
import { FORMATS, LAYOUTS, loadSync } from '../lazy';
import { type Define, examples } from './define';
import { utcTime } from './times';

interface ExportFlags extends OutputFlags, DatabaseFlags {
  db?: boolean;
  account?: string[];
  athlete?: string[];
  team?: string[];
  from?: string;
  to?: string;
}

export const defineExport: Define = (program, action) =>
  program
    .command('export')
    .summary('export results from the API to CSV, NDJSON or Parquet (long, wide or summary)')
    .description(
      "Fetches each athlete's measurements in the time range and their results (1 request per page of " +
        'athletes and of measurements, and 1 per measurement: see `sportscloud quota --per measurement`), ' +
        "and streams them through @sportscloud/sync's export writers. Layouts: long = one row per sample; " +
        'wide = one row per timestamp, one column per series; summary = one row per measurement, one ' +
        'column per scalar. Ctrl-C stops after the current measurement and closes the file properly ' +
        '(a Parquet file gets its footer; exit code 130).',
    )
    .option('--db', 'export from the database `sportscloud sync` keeps (no requests) instead of the API')
    .option(
      '--data-dir <dir>',
      'with --db: the embedded database folder (default: the one sync uses; or $DATABASE_URL)',
    )
    .option('--account <accountId...>', 'accounts to export (default: every granted account)')
    .option('--team <teamId...>', 'only the athletes of these teams (one request per team for its roster)')
    .option('--athlete <athleteId...>', 'only these athletes')
    .option('--from <time>', 'measurements starting at or after (ISO 8601 date or time, UTC)')
    .option('--to <time>', 'measurements starting before (ISO 8601 date or time, UTC)')
    .option(
      '--vars <names>',
      'only these variables, comma-separated (also asked of the API: smaller responses)',
    )
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'csv')
    .option('--layout <layout>', `table layout: ${LAYOUTS.join(', ')}`, 'long')
    .option('-o, --out <path>', 'write here instead of stdout')
    .addHelpText(
      'after',
      examples([
        [
          'sportscloud export --account 1-2 --from 2025-03-03 --to 2025-03-10 -o week.csv',
          'a week of one account, one row per sample',
        ],
        [
          'sportscloud export --team 17 --account 1-2 --layout summary --format parquet -o team.parquet',
          'one row per measurement of a team, every scalar a column',
        ],
        [
          'sportscloud export --athlete 4711 --vars heartRateSeries --layout wide --format ndjson',
          "one athlete's heart rate, one line per timestamp",
        ],
      ]),
    )
    .action(
      action(async (ctx, command: Command) => {
        const flags = command.opts<ExportFlags>();
        const output = checkOutput(ctx, flags);
        const athleteIds = flags.athlete?.map((id) => integer('--athlete', id));
        const teamIds = flags.team?.map((id) => integer('--team', id));
        const range = {
          ...(flags.from ? { fromTime: utcTime(flags.from) } : {}),
          ...(flags.to ? { toTime: utcTime(flags.to) } : {}),
        };
        const filter = {
          ...(output.variables ? { variables: output.variables } : {}),
          ...(range.fromTime ? { from: range.fromTime } : {}),
          ...(range.toTime ? { to: range.toTime } : {}),
        };
        await checkFilter(filter);
        if (flags.db) {
          const { storage, where } = await openDatabase(ctx, flags);
          try {
            // A database may hold several consumers: with credentials configured, only this one's.
            const consumerId = ctx.settings().consumerId;
            const records = storage.readResults({
              ...(consumerId ? { consumerId } : {}),
              ...(flags.account ? { accountIds: flags.account } : {}),
              ...(teamIds ? { teamIds } : {}),
              ...(athleteIds ? { athleteIds } : {}),
              ...range,
              ...(output.variables ? { variables: output.variables } : {}),
            });
            ctx.output.note(`export: from ${where}`);
            return await runExport(ctx, 'export', records, output, filter);
          } finally {
            await storage.close();
          }
        }
        const { client, credentials } = await ctx.client();
        const items = fromApi(ctx, client, credentials.consumerId, flags.account, athleteIds, teamIds, {
          ...range,
          ...(output.variables ? { vars: output.variables } : {}),
        });
        return runExport(ctx, 'export', items, output, filter);
      }),
    );

async function* fromApi(
  ctx: CommandContext,
  client: SportsCloudClient,
  consumerId: string,
  accounts: string[] | undefined,
  athleteIds: number[] | undefined,
  teamIds: number[] | undefined,
  query: { fromTime?: string; toTime?: string; vars?: string[] },
): AsyncGenerator<ExportItem> {
  const { itemsFromApi } = await loadSync();
  const callOptions = { signal: ctx.signal };
  const accountIds = accounts ?? (await client.accounts.list(callOptions)).map((a) => a.accountId);
  let failed = 0;
  for (const accountId of accountIds) {
    let athletes = athleteIds;
    if (teamIds) {
      const members = new Set<number>();
      for (const teamId of teamIds) {
        const team = await client.teams.get({ accountId, teamId }, callOptions);
        for (const id of team.athleteIds ?? []) members.add(id);
      }
      athletes = athletes ? athletes.filter((id) => members.has(id)) : [...members];
    }
    yield* itemsFromApi(client, {
      consumerId,
      accountId,
      ...(athletes ? { athleteIds: athletes } : {}),
      ...query,
      callOptions,
      onAnalysisFailed: () => {
        failed++;
      },
    });
  }
  if (failed > 0) ctx.output.note(`${failed} measurement(s) had no results (their analysis failed: 204)`);
}

function integer(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value))
    throw new UsageError(`${flag} takes integer ids, not "${text}"`);
  return value;
}
