import type { DiagnosisReport } from '@sportscloud/core';
import type { Command } from 'commander';
import { EXIT_CODES } from '../exit-codes';
import { loadCore } from '../lazy';
import type { Paint } from '../output';
import { type Define, examples } from './define';

export const defineDoctor: Define = (program, action) =>
  program
    .command('doctor')
    .summary('check the connection: clock, JWT, API key, granted accounts, URL, sessions')
    .description(
      "Runs the API's troubleshooting checks once each (client.diagnose()) and names the cause and the fix " +
        'of every failure. Exit code 0 when no check fails, 3 when one does (with --strict, also on a warning).',
    )
    .option('--strict', 'exit 3 on warnings too')
    .addHelpText(
      'after',
      examples([
        ['sportscloud doctor', 'the checks, readable'],
        [
          'sportscloud doctor --json > report.json',
          'the same report for Firstbeat support (holds no credential)',
        ],
        ['SPORTSCLOUD_BASE_URL=http://127.0.0.1:8080/v1 sportscloud doctor', 'check against another server'],
      ]),
    )
    .action(
      action(async (ctx, command: Command) => {
        const { strict } = command.opts<{ strict?: boolean }>();
        const { client, credentials } = await ctx.client();
        const { formatDiagnosis } = await loadCore();
        const report = await client.diagnose({ signal: ctx.signal });
        const output = ctx.output;
        if (output.json) output.data({ ...report, credentialSources: credentials.sources });
        else {
          output.line(colorize(formatDiagnosis(report), output.paintOut));
          const sources = Object.entries(credentials.sources).map(
            ([field, source]) => `${field} from ${source}`,
          );
          output.line(
            `  credentials: ${sources.join(', ')}${credentials.configRead ? ` (${credentials.configPath})` : ''}`,
          );
        }
        return outcome(report, strict === true);
      }),
    );

export function outcome(report: DiagnosisReport, strict: boolean) {
  if (!report.ok) return EXIT_CODES.findings;
  if (strict && report.checks.some((check) => check.status === 'warn')) return EXIT_CODES.findings;
  return EXIT_CODES.ok;
}

function colorize(text: string, paint: Paint): string {
  return text
    .replace(/^\[ok {2}\]/gm, (m) => paint('green', m))
    .replace(/^\[WARN\]/gm, (m) => paint('yellow', m))
    .replace(/^\[FAIL\]/gm, (m) => paint('red', m))
    .replace(/: OK$/m, (m) => paint('green', m))
    .replace(/: FAILED$/m, (m) => paint('red', m));
}
