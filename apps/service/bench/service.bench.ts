/**
 * bench:service — latency and throughput of the service's list and results endpoints (autocannon)
 * and export streaming throughput, on the embedded PGlite and on PostgreSQL 15. Prints JSON lines.
 *
 * Method: the fake Sports Cloud and the service run in this process, on loopback; one sync fills a
 * fresh database; then autocannon (also in this process, so the figures include its own CPU use on
 * the same cores) drives each endpoint with 10 connections for BENCH_SECONDS (default 5) seconds.
 * Each export is streamed in full 3 times; the median time is reported.
 */
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { DEMO_DATASET } from '../src/sports-cloud-source';
import type { TokenStore } from '../src/tokens';
import { TOKENS } from '../src/tokens-di';
import { bootService, type Engine, startFake, throwawayDatabase } from '../test/helpers';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',') as Engine[];

// The 1-minute load average goes with every line: on a shared machine it explains slow figures.
const line = (o: Record<string, unknown>) =>
  console.log(JSON.stringify({ bench: 'service', ...o, loadAverage: Number(loadavg()[0]!.toFixed(1)) }));

for (const engine of engines) {
  const db = await throwawayDatabase(engine);
  const fake = await startFake(DEMO_DATASET);
  const service = await bootService(db.database, fake.source());
  try {
    const syncStarted = Date.now();
    const report = await service.runner.trigger('request').done;
    if (report?.state !== 'done') throw new Error(`the sync did not finish: ${report?.state}`);
    line({
      engine,
      step: 'sync',
      seconds: (Date.now() - syncStarted) / 1000,
      requests: report.requests.total,
      resultSets: report.counts.resultSets,
      sessions: report.counts.sessions,
      measurements: report.counts.measurements,
    });
    const token = (await service.app.get<TokenStore>(TOKENS).create({ accounts: '*', scopes: ['admin'] }))
      .token;
    const headers = { authorization: `Bearer ${token}` };
    const account = fake.fake.data.accounts[0]!;
    const session = account.sessions.find((s) => (s.athleteIds?.length ?? 0) > 0)!;
    const measurement = account.measurements.find((m) => !m.sessionId)!;
    const a = account.accountId;
    const endpoints: Record<string, string> = {
      'list sessions (100/page)': `/api/accounts/${a}/sessions?limit=100`,
      'list measurements (100/page)': `/api/accounts/${a}/measurements?limit=100`,
      'list athletes': `/api/accounts/${a}/athletes`,
      'session results (all athletes, series)': `/api/accounts/${a}/sessions/${session.sessionId}/results`,
      'session results (scalars only)': `/api/accounts/${a}/sessions/${session.sessionId}/results?series=false`,
      'measurement results (series)': `/api/accounts/${a}/measurements/${measurement.measurementId}/results`,
    };
    for (const [endpoint, path] of Object.entries(endpoints)) {
      const check = await fetch(service.url + path, { headers });
      const bytes = (await check.arrayBuffer()).byteLength;
      if (check.status !== 200) throw new Error(`${endpoint}: ${check.status}`);
      const r = await autocannon({
        url: service.url + path,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers,
      });
      line({
        engine,
        endpoint,
        path: path.replace(a, ':accountId'),
        responseBytes: bytes,
        connections: CONNECTIONS,
        seconds: r.duration,
        requests: r.requests.total,
        requestsPerSecond: Math.round(r.requests.average),
        latencyP50Ms: r.latency.p50,
        latencyP99Ms: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors,
      });
    }
    for (const format of ['csv', 'ndjson', 'parquet']) {
      for (const layout of ['long', 'summary']) {
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          const res = await fetch(
            `${service.url}/api/accounts/${a}/export?format=${format}&layout=${layout}`,
            { headers },
          );
          bytes = 0;
          const reader = res.body!.getReader();
          for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
          times.push(performance.now() - started);
        }
        const ms = times.sort((x, y) => x - y)[1]!;
        line({
          engine,
          endpoint: 'export',
          format,
          layout,
          bytes,
          medianMs: Math.round(ms),
          megabytesPerSecond: Number((bytes / 1e6 / (ms / 1000)).toFixed(1)),
        });
      }
    }
  } finally {
    await service.close();
    await fake.server.close();
    await db.drop();
  }
}
