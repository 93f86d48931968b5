import { chromium } from 'playwright-core';

const token = process.argv[2];
const path = process.argv[3] ?? '/sync';
const b = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const p = await (await b.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
p.on('console', (m) => console.log('console', m.type(), m.text()));
p.on('pageerror', (e) => console.log('pageerror', e.message));
await p.goto('http://127.0.0.1:3999/sync');
await p.waitForTimeout(1500);
console.log((await p.locator('body').innerText()).slice(0, 500));
await p.getByLabel('Service token').fill(token);
await p.getByRole('button', { name: 'Sign in' }).click();
await p.waitForTimeout(2000);
if (path !== '/sync') {
  await p.goto('http://127.0.0.1:3999' + path);
  await p.waitForTimeout(3000);
}
console.log((await p.locator('body').innerText()).slice(0, 3000));
await p.screenshot({ path: '/tmp/dash13-probe.png', fullPage: true });
await b.close();
