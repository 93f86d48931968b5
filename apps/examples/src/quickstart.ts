/**
 * The README's quick start: accounts → teams → recent sessions → results, decoded and summarised
 * per athlete. With SPORTSCLOUD_CONSUMER_ID and SPORTSCLOUD_SHARED_SECRET set it talks to the
 * real API; without them it starts the embedded fake Sports Cloud on loopback.
 */
import { type ClientOptions, isSportsCloudError, type Session, SportsCloudClient } from '@sportscloud/core';
import { createFakeSportsCloud } from '@sportscloud/test-utils';
import { startFakeServer } from '@sportscloud/test-utils/node';
import { createProgress } from './progress';
import { formatSummary, summarise } from './summary';

const SESSIONS_PER_TEAM = 3;
const RECENT_DAYS = 30;

async function connect(): Promise<{ options: ClientOptions; recentFrom?: Date; close(): Promise<void> }> {
  const { SPORTSCLOUD_CONSUMER_ID: consumerId, SPORTSCLOUD_SHARED_SECRET: sharedSecret } = process.env;
  if (consumerId && sharedSecret) {
    console.log('Using the real Sports Cloud API (credentials from the environment).');
    const apiKey = process.env.SPORTSCLOUD_API_KEY;
    return {
      options: { consumerId, sharedSecret, ...(apiKey ? { apiKey } : {}) },
      recentFrom: new Date(Date.now() - RECENT_DAYS * 86_400_000),
      close: async () => {},
    };
  }
  // Some analyses start "cold" (202, polled every 5 s) to show the waiting; tests set the share to 0.
  const coldRatio = Number(process.env.SPORTSCLOUD_FAKE_COLD_RATIO ?? 0.15);
  const fake = createFakeSportsCloud({ seed: 7, coldRatio, failedRatio: 0.05 });
  const server = await startFakeServer(fake);
  console.log(
    `No SPORTSCLOUD_CONSUMER_ID / SPORTSCLOUD_SHARED_SECRET set: using the embedded fake Sports Cloud at ${server.url}`,
  );
  return {
    options: {
      consumerId: fake.consumerId,
      sharedSecret: fake.sharedSecret,
      apiKey: fake.apiKey,
      baseURL: server.url,
    },
    close: () => server.close(),
  };
}

function latest(sessions: Session[], count: number): Session[] {
  return [...sessions].sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? '')).slice(0, count);
}

async function main(): Promise<void> {
  const { options, recentFrom, close } = await connect();
  const client = new SportsCloudClient(options);
  const progress = createProgress(process.stderr);
  client.on('wait', (e) => progress.note(`waiting ${Math.round(e.ms / 1000)} s (${e.reason})`));
  client.on('split', (e) => progress.note(`response too large: split into ${e.parts} parts`));
  try {
    const accounts = await client.accounts.list();
    if (accounts.length === 0) {
      console.log(
        'No account has granted this consumer access yet: a Coach must grant it in Sports Cloud → Settings → Cloud API.',
      );
      return;
    }
    for (const account of accounts) {
      console.log(`\nAccount ${account.name ?? ''} (${account.accountId})`);
      const athletes = new Map(
        (await client.athletes.list({ accountId: account.accountId }).toArray()).map((a) => [a.athleteId, a]),
      );
      for (const team of await client.teams.list({ accountId: account.accountId }).toArray()) {
        const sessions = await client.sessions
          .list({
            accountId: account.accountId,
            teamId: team.teamId,
            ...(recentFrom ? { fromTime: recentFrom } : {}),
          })
          .toArray();
        const recent = latest(sessions, SESSIONS_PER_TEAM);
        console.log(
          `  Team ${team.name ?? team.teamId}: ${sessions.length} sessions, showing the ${recent.length} most recent`,
        );
        for (const [index, session] of recent.entries()) {
          progress.step(`${team.name ?? team.teamId}: session ${index + 1}/${recent.length}`);
          const title =
            `${session.startTime ?? '?'} ${session.sessionType ?? ''} ${session.sportsType ?? ''}`.trim();
          try {
            const results = await client.sessions.results({
              accountId: account.accountId,
              teamId: team.teamId,
              sessionId: session.sessionId,
              // With the roster, the result also names athletes whose analysis failed.
              ...(session.athleteIds ? { athleteIds: session.athleteIds } : {}),
            });
            progress.clear();
            console.log(`  ● ${title}`);
            const nameOf = (id: number) => {
              const athlete = athletes.get(id);
              return athlete
                ? `${athlete.firstName ?? ''} ${athlete.lastName ?? ''}`.trim()
                : `athlete ${id}`;
            };
            for (const measurement of results.measurements ?? []) {
              console.log(formatSummary(summarise(measurement), nameOf(measurement.athleteId)));
            }
            if (results.missingAthleteIds?.length) {
              console.log(`    no analysis for: ${results.missingAthleteIds.map(nameOf).join(', ')}`);
            }
          } catch (error) {
            progress.clear();
            if (!isSportsCloudError(error)) throw error;
            // A failed analysis (204) or one still running after the polling budget: say so, go on.
            console.log(
              `  ○ ${title}: ${error.code === 'analysis_failed' ? 'analysis failed' : error.message}`,
            );
          }
        }
      }
    }
  } finally {
    progress.clear();
    await close();
  }
}

main().catch((error: unknown) => {
  if (isSportsCloudError(error)) {
    console.error(`\n${error.name} (${error.code}): ${error.message}`);
    console.error('Support bundle (credentials redacted):', JSON.stringify(error.toSupportBundle(), null, 2));
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
