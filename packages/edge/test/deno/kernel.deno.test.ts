import { assertEquals } from './assert.ts';

// Core's `#kernel` import has a `deno` condition: Deno takes the Web kernel (DecompressionStream),
// not node:zlib, whose Node-compat layer costs a cold start (see README, bench/deno-kernel.mjs).
Deno.test('Deno resolves core’s decode kernel to the Web one, and loads no node:zlib', async () => {
  const dir = await Deno.makeTempDir({ dir: '.' });
  try {
    const entry = `${dir}/entry.ts`;
    await Deno.writeTextFile(entry, "import '@sportscloud/core';\n");
    const info = await new Deno.Command(Deno.execPath(), {
      args: ['info', '--json', entry],
      stdout: 'piped',
    }).output();
    const graph = new TextDecoder().decode(info.stdout);
    const kernels = [...new Set(graph.match(/kernel\.(node|web)\.mjs/g))];
    assertEquals(kernels, ['kernel.web.mjs']);
    assertEquals(graph.includes('node:zlib'), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
