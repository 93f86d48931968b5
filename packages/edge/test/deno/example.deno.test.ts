import { assert, assertEquals } from './assert.ts';

const origin = Deno.env.get('SPORTSCLOUD_HARNESS_ORIGIN')!;
const TOKEN = 'deno-example-token-0123456789';

// Runs examples/deno.ts (the README's example, verbatim) as a user would: `deno run` with env vars.
Deno.test('the README example runs as written: env config, KV budget, cron registered, read API served', async () => {
  const consumer = await (await fetch(`${origin}/__harness/consumer`, { method: 'POST' })).json();
  const kvPath = await Deno.makeTempFile({ suffix: '.kv' });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      'run',
      '--allow-net=127.0.0.1',
      '--allow-env',
      '--allow-read',
      '--allow-write',
      'examples/deno.ts',
    ],
    env: {
      SPORTSCLOUD_CONSUMER_ID: consumer.consumerId,
      SPORTSCLOUD_SHARED_SECRET: consumer.sharedSecret,
      SPORTSCLOUD_API_KEY: consumer.apiKey,
      SPORTSCLOUD_BASE_URL: `${origin}/v1`,
      KV_PATH: kvPath,
      API_TOKEN: TOKEN,
      PORT: '0',
      NO_COLOR: '1',
    },
    stdout: 'piped',
    stderr: 'piped',
  }).spawn();
  try {
    // Deno.serve prints "Listening on http://127.0.0.1:PORT/" (on stderr) once it accepts connections.
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = '';
    while (!/Listening on (\S+)/.test(seen)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`example exited: ${seen}`);
      seen += value;
    }
    reader.releaseLock();
    const base = /Listening on (\S+?)\/?\s/.exec(seen)![1]!;
    const auth = { authorization: `Bearer ${TOKEN}` };
    assertEquals((await (await fetch(`${base}/accounts`)).text()).includes('unauthorized'), true);
    const [account] = await (await fetch(`${base}/accounts`, { headers: auth })).json();
    const [team] = await (
      await fetch(`${base}/accounts/${account.accountId}/teams`, { headers: auth })
    ).json();
    const sessions = `${base}/accounts/${account.accountId}/teams/${team.teamId}/sessions`;
    const [session] = await (await fetch(sessions, { headers: auth })).json();
    const csv = await fetch(`${sessions}/${session.sessionId}/results.csv`, { headers: auth });
    assertEquals(csv.status, 200);
    const text = await csv.text();
    assert(text.startsWith('athleteId,measurementId,variable,unit,index,time,value\n'), 'CSV header');
    assert(
      !text.includes(consumer.sharedSecret) && !text.includes(consumer.apiKey),
      'credential in a response',
    );
  } finally {
    child.kill('SIGTERM');
    await child.status;
    await child.stdout.cancel().catch(() => {});
    await Deno.remove(kvPath).catch(() => {});
  }
});
