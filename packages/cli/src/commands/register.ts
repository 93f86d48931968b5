import type { Command } from 'commander';
import { writeCredentialsFile } from '../credentials';
import { CliError, EXIT_CODES, UsageError } from '../exit-codes';
import { loadCore } from '../lazy';
import { type Define, examples } from './define';

export const defineRegister: Define = (program, action) =>
  program
    .command('register')
    .summary('register a new API consumer and show its shared secret once')
    .description(
      'Registers a new API consumer (POST /account/register). Every call creates a NEW consumer, so it is ' +
        'never retried. The shared secret is shown only this once and cannot be recovered: store it, or let ' +
        '--save write it to the config file (mode 0600) so it is never printed at all.',
    )
    .requiredOption(
      '--name <consumerName>',
      'the consumer name coaches will see (2-100 characters, no "Firstbeat")',
    )
    .option('--save', 'write the new credentials to the config file instead of printing the secret')
    .option('--force', 'with --save: replace an existing config file')
    .addHelpText(
      'after',
      examples([
        [
          'sportscloud register --name "Acme Analytics" --save',
          'register and keep the secret in ~/.config/sportscloud/credentials.json',
        ],
        [
          'sportscloud register --name "Acme Analytics" --json',
          'print {consumerId, consumerName, sharedSecret} once',
        ],
      ]),
    )
    .action(
      action(async (ctx, command: Command) => {
        const options = command.opts<{ name: string; save?: boolean; force?: boolean }>();
        const settings = ctx.settings({ configMayBeMissing: options.save === true });
        if (options.save && settings.configRead && !options.force) {
          throw new UsageError(
            `${settings.configPath} exists: registering would not replace it. Use --force, or --config <other path>`,
          );
        }
        const { SportsCloudClient } = await loadCore();
        const registered = await SportsCloudClient.register({
          consumerName: options.name,
          ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
          signal: ctx.signal,
        });
        const output = ctx.output;
        if (options.save) {
          try {
            writeCredentialsFile(settings.configPath, {
              consumerId: registered.id,
              sharedSecret: registered.sharedSecret,
              ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
            });
          } catch (error) {
            // The consumer exists now and its secret is only in this process: show it rather than lose it.
            output.error(`could not write ${settings.configPath}: ${(error as Error).message}`);
            output.revealOnce(`consumer id:   ${registered.id}\nshared secret: ${registered.sharedSecret}`);
            throw new CliError('store the shared secret above now: it cannot be shown again');
          }
          if (output.json)
            output.data({
              consumerId: registered.id,
              consumerName: options.name,
              savedTo: settings.configPath,
            });
          else {
            output.line(`Registered consumer "${options.name}": ${registered.id}`);
            output.line(`Credentials written to ${settings.configPath} (readable by you only).`);
          }
          return EXIT_CODES.ok;
        }
        if (output.json) {
          output.revealOnce(
            JSON.stringify(
              {
                consumerId: registered.id,
                consumerName: options.name,
                sharedSecret: registered.sharedSecret,
              },
              null,
              2,
            ),
          );
        } else {
          output.line(`Registered consumer "${options.name}".`);
          output.revealOnce(`consumer id:   ${registered.id}\nshared secret: ${registered.sharedSecret}`);
        }
        output.warn(
          'store the shared secret now (a password manager, or the config file with mode 0600): it is shown only ' +
            'this once and cannot be recovered. Running register again creates another consumer.',
        );
        return EXIT_CODES.ok;
      }),
    );
