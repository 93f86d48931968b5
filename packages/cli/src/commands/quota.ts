import type { SportsCloudClient } from '@sportscloud/core';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { EXIT_CODES, UsageError } from '../exit-codes';
import { loadCore } from '../lazy';
import { createProgress } from '../progress';
import { type Define, examples } from './define';
import { utcTime } from './times';

interface QuotaOptions {
  account?: string[];
  team?: string[];
  from?: string;
  to?: string;
  per: 'session' | 'measurement';
}

/** What an export or sync of the chosen data costs, counted from list calls only. */
export interface QuotaPlan {
  per: 'session' | 'measurement';
  accounts: number;
  teams: number;
  athletes: number;
  /** Sessions or measurements in range: one results request each. */
  items: number;
  listRequests: number;
  resultsRequests: number;
  /** listRequests + resultsRequests: an export or sync lists again, then fetches every result. */
  needed: number;
}

const DAY_MS = 86_400_000;

export const defineQuota: Define = (program, action) =>
  program
    .command('quota')
    .summary('how many requests an export or sync needs, against what is left today')
    .description(
      'Counts what fetching the results of the chosen accounts, teams and time range costs: 1 request per ' +
        'page of each list (accounts, teams, sessions or athletes and measurements) and 1 per session (its ' +
        "results for every athlete in one call) or per measurement. Only list calls are made. Today's use is " +
        "this CLI's own count per consumer (the API reports no remaining quota; other programs using the same " +
        'consumer are not counted). Exit code 0 when it fits in what is left today, 3 when it does not.',
    )
    .option('--account <accountId...>', 'accounts to include (default: every granted account)')
    .option('--team <teamId...>', 'teams to include (default: every team of each account; sessions only)')
    .option('--from <time>', 'start of the range, inclusive (ISO 8601 date or time, UTC)')
    .option('--to <time>', 'end of the range, exclusive (ISO 8601 date or time, UTC)')
    .option('--per <unit>', 'results fetched per "session" (economical) or per "measurement"', 'session')
    .addHelpText(
      'after',
      examples([
        [
          'sportscloud quota --from 2025-03-01 --to 2025-04-01',
          'every account and team, one month, session results',
        ],
        [
          'sportscloud quota --account 1-2 --team 17 --from 2025-03-01 --json',
          'one team, machine-readable: {plan, today, fitsToday}',
        ],
        [
          'sportscloud quota --per measurement --from 2025-03-01',
          'the cost of fetching each measurement instead',
        ],
      ]),
    )
    .action(
      action(async (ctx, command: Command) => {
        const options = command.opts<QuotaOptions>();
        if (options.per !== 'session' && options.per !== 'measurement') {
          throw new UsageError(`--per must be "session" or "measurement", not "${options.per}"`);
        }
        if (options.per === 'measurement' && options.team) {
          throw new UsageError(
            '--team applies to --per session (measurements belong to athletes, not teams)',
          );
        }
        const { client, ledger } = await ctx.client();
        const { DOCUMENTED_RATE_LIMITS } = await loadCore();
        const plan = await planRequests(ctx, client, options);
        const now = Date.now();
        const used = ledger.usedOn(now);
        const limits = DOCUMENTED_RATE_LIMITS;
        const closed = ledger.closedOn(now);
        const left = closed ? 0 : Math.max(0, limits.dailyQuota - used);
        const resetAt = new Date((Math.floor(now / DAY_MS) + 1) * DAY_MS).toISOString();
        const fitsToday = plan.needed <= left;
        // Past the burst, one request a second: a lower bound (202 polls and split responses add to it).
        const seconds = Math.max(0, plan.needed - limits.burst) / limits.perSecond;
        const today = {
          date: new Date(now).toISOString().slice(0, 10),
          usedByThisCli: used,
          dailyQuota: limits.dailyQuota,
          left,
          closedByApi: closed,
          resetAt,
        };
        const output = ctx.output;
        if (output.json) output.data({ plan, today, fitsToday, minimumSeconds: seconds });
        else {
          const unit = plan.per === 'session' ? 'sessions' : 'measurements';
          output.line(
            `Plan: ${plan.accounts} account(s), ${plan.per === 'session' ? `${plan.teams} team(s)` : `${plan.athletes} athlete(s)`}, ${plan.items} ${unit}` +
              `${options.from || options.to ? ` from ${options.from ?? 'the start'} to ${options.to ?? 'now'}` : ''}`,
          );
          output.line(
            `  list requests     ${String(plan.listRequests).padStart(6)}  (1 per page; this estimate sent them)`,
          );
          output.line(
            `  results requests  ${String(plan.resultsRequests).padStart(6)}  (1 per ${plan.per}; results over the 6 MB limit are split and cost more)`,
          );
          output.line(`  needed            ${String(plan.needed).padStart(6)}`);
          output.line(
            `Today (${today.date} UTC): this CLI sent ${used} of ${limits.dailyQuota}${closed ? ' and the API said the quota is used up' : ''}; ${left} left until ${resetAt}.`,
          );
          output.line(
            '  (requests other programs sent with this consumer are not counted: the API does not report them)',
          );
          output.line(
            `${fitsToday ? output.paintOut('green', 'Fits today') : output.paintOut('red', 'Does not fit today')}; at ${limits.perSecond} request/s after a burst of ${limits.burst}: at least ${duration(seconds)}.`,
          );
        }
        return fitsToday ? EXIT_CODES.ok : EXIT_CODES.findings;
      }),
    );

async function planRequests(
  ctx: CommandContext,
  client: SportsCloudClient,
  options: QuotaOptions,
): Promise<QuotaPlan> {
  const call = { signal: ctx.signal };
  const range = {
    ...(options.from ? { fromTime: utcTime(options.from) } : {}),
    ...(options.to ? { toTime: utcTime(options.to) } : {}),
  };
  const plan: QuotaPlan = {
    per: options.per,
    accounts: 0,
    teams: 0,
    athletes: 0,
    items: 0,
    listRequests: 0,
    resultsRequests: 0,
    needed: 0,
  };
  let accountIds = options.account;
  if (!accountIds) {
    accountIds = (await client.accounts.list(call)).map((account) => account.accountId);
    plan.listRequests++;
  }
  plan.accounts = accountIds.length;
  const progress = createProgress(ctx.output, 'quota: listing');
  for (const [a, accountId] of accountIds.entries()) {
    if (options.per === 'session') {
      let teamIds: (string | number)[] | undefined = options.team;
      if (!teamIds) {
        teamIds = [];
        for await (const page of client.teams.list({ accountId }, call).pages()) {
          plan.listRequests++;
          teamIds.push(...page.items.map((team) => team.teamId));
        }
      }
      for (const [t, teamId] of teamIds.entries()) {
        for await (const page of client.sessions.list({ accountId, teamId, ...range }, call).pages()) {
          plan.listRequests++;
          plan.items += page.items.length;
        }
        plan.teams++;
        progress.update(
          t + 1,
          teamIds.length,
          `teams of account ${a + 1}/${accountIds.length}, ${plan.items} sessions`,
        );
      }
    } else {
      const athleteIds: number[] = [];
      for await (const page of client.athletes.list({ accountId }, call).pages()) {
        plan.listRequests++;
        athleteIds.push(...page.items.map((athlete) => athlete.athleteId));
      }
      for (const [i, athleteId] of athleteIds.entries()) {
        for await (const page of client.measurements.list({ accountId, athleteId, ...range }, call).pages()) {
          plan.listRequests++;
          plan.items += page.items.length;
        }
        plan.athletes++;
        progress.update(
          i + 1,
          athleteIds.length,
          `athletes of account ${a + 1}/${accountIds.length}, ${plan.items} measurements`,
        );
      }
    }
  }
  progress.stop();
  plan.resultsRequests = plan.items;
  plan.needed = plan.listRequests + plan.resultsRequests;
  return plan;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
