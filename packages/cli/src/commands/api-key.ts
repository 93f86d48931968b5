import type { Command } from 'commander';
import { readCredentialsForUpdate, writeCredentialsFile } from '../credentials';
import { EXIT_CODES } from '../exit-codes';
import { type Define, examples } from './define';

/** `abcd…wxyz`: enough to tell two keys apart, not enough to use one. */
export function mask(secret: string): string {
  return secret.length <= 12 ? '…' : `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}

export const defineApiKey: Define = (program, action) =>
  program
    .command('api-key')
    .summary("fetch this consumer's API key (masked unless --reveal)")
    .description(
      "Fetches the consumer's x-api-key (GET /account/api-key, JWT only; the API creates it on first use). " +
        'It is shown masked: --reveal prints it whole (to pipe into a secret store), --save adds it to the ' +
        'config file so later commands skip this request.',
    )
    .option('--reveal', 'print the whole key')
    .option('--save', 'add the key to the config file (mode 0600)')
    .addHelpText(
      'after',
      examples([
        ['sportscloud api-key', 'check that a key exists: prints it masked, e.g. 3f9a…c21e'],
        ['sportscloud api-key --save', 'store it next to the consumer id and secret'],
        ['sportscloud api-key --reveal --json | jq -r .apiKey', 'the whole key, for a secret store'],
      ]),
    )
    .action(
      action(async (ctx, command: Command) => {
        const options = command.opts<{ reveal?: boolean; save?: boolean }>();
        const { client } = await ctx.client();
        const apiKey = await client.account.fetchApiKey({ signal: ctx.signal });
        ctx.output.addSecret(apiKey);
        const settings = ctx.settings();
        if (options.save) {
          const content = readCredentialsForUpdate(settings, ctx.output);
          writeCredentialsFile(settings.configPath, {
            ...content,
            consumerId: content.consumerId ?? client.consumerId,
            sharedSecret: content.sharedSecret ?? ctx.credentials().sharedSecret,
            apiKey,
          });
        }
        const shown = options.reveal ? apiKey : mask(apiKey);
        const output = ctx.output;
        if (output.json) {
          const body = {
            consumerId: client.consumerId,
            apiKey: shown,
            ...(options.save ? { savedTo: settings.configPath } : {}),
          };
          if (options.reveal) output.revealOnce(JSON.stringify(body, null, 2));
          else output.data(body);
        } else {
          if (options.reveal) output.revealOnce(apiKey);
          else output.line(`API key of ${client.consumerId}: ${shown} (--reveal to print it whole)`);
          if (options.save) output.note(`saved to ${settings.configPath}`);
        }
        return EXIT_CODES.ok;
      }),
    );
