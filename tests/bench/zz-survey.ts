import { createFakeSportsCloud, createSimulatedClock } from '@sportscloud/test-utils';
import { test } from 'vitest';
const BASE_URL = 'https://api.firstbeat.com/v1';
type Json = Record<string, any>;
const enc = new TextEncoder();
const jb = (v: unknown) => enc.encode(JSON.stringify(v)).length;
test('survey', { timeout: 600_000 }, async () => {
  const fake = createFakeSportsCloud({ seed: 20_261_126, dataset: { accounts: 1, teamsPerAccount: 4, measurementsPerAthlete: 5 }, clock: createSimulatedClock(), responseLimitBytes: Infinity, limits: { rate: Infinity, dailyQuota: Infinity } });
  const headers = await fake.authHeaders();
  const acc = `/sports/accounts/${fake.data.accounts[0]!.accountId}`;
  const get = async (p: string) => (await (await fake.fetch(new Request(`${BASE_URL}${p}`, { headers }))).json()) as Json;
  const list = async (p: string, k: string) => { const items: Json[] = []; for (;;) { const b = await get(`${p}${items.length ? `?offset=${items.length}` : ''}`); items.push(...b[k]); if (!b.more) return items; } };
  const out: string[] = [];
  for (const a of await list(`${acc}/athletes`, 'athletes')) {
    for (const m of await list(`${acc}/athletes/${a.athleteId}/measurements`, 'measurements')) {
      const b = await get(`${acc}/athletes/${a.athleteId}/measurements/${m.measurementId}/results`);
      const vars = (b.variables ?? []) as Json[];
      const series = vars.filter((v) => Array.isArray(v.value) || 'type' in v);
      const scal = vars.length - series.length;
      out.push(`M ${m.measurementType} ${m.exerciseType ?? ''} sess=${m.sessionId ?? '-'} total=${jb(b)} base=${jb({ ...b, variables: [] })} scalars=${scal}:${jb(vars.filter((v) => !series.includes(v)))} series=${series.map((s) => `${s.name}:${jb(s)}`).join(',')}`);
    }
  }
  for (const t of await list(`${acc}/teams`, 'teams')) {
    for (const s of await list(`${acc}/teams/${t.teamId}/sessions`, 'sessions')) {
      const b = await get(`${acc}/teams/${t.teamId}/sessions/${s.sessionId}/results`);
      const ms = b.measurements as Json[];
      const per = new Map<string, number>();
      for (const e of ms) for (const v of e.variables) per.set(v.name, (per.get(v.name) ?? 0) + jb(v) + 1);
      const sc = [...per].filter(([n]) => !/Series$/.test(n)).reduce((a, [, x]) => a + x, 0);
      out.push(`S team=${t.teamId} roster=${s.athleteIds?.length} entries=${ms.length} dur=${(Date.parse(s.endTime) - Date.parse(s.startTime)) / 60000}min total=${jb(b)} base=${jb({ ...b, measurements: ms.map((e) => ({ ...e, variables: [] })) })} scal=${sc} ${[...per].filter(([n]) => /Series$/.test(n)).map(([n, x]) => `${n}:${x}`).join(',')}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
});
