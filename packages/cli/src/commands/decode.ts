import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { decodeSavedResults } from '../decode/items';
import { CliError, EXIT_CODES, UsageError } from '../exit-codes';
import { checkFilter, checkOutput, type OutputFlags, runExport } from '../export-runner';
import { FORMATS, LAYOUTS } from '../lazy';
import { type Define, examples } from './define';

interface DecodeFlags extends OutputFlags {
  accountId?: string;
  maxBytes: string;
}

/** Saved results are one response (≤ 6 MB) or a merged few; beyond this a file is not one. */
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/** V8's longest string is about 512 MiB: a larger file cannot be parsed as one JSON text. */
const HARD_MAX_BYTES = 512 * 1024 * 1024;

export const defineDecode: Define = (program, action) =>
  program
    .command('decode')
    .summary('decode a saved results JSON file to CSV, NDJSON or Parquet')
    .description(
      'Decodes a results body saved from the API (a measurement, lap or session results response, or a ' +
        'JSON array of them; "-" reads stdin) with @sportscloud/core and writes it with @sportscloud/sync\'s ' +
        'export writers. Layouts: long = one row per sample (account_id, athlete_id, measurement_id, ' +
        'session_id, lap_id, variable, time_utc, time_local, value, unit), then one per scalar with empty ' +
        'times; wide = one row per timestamp, one column per series; summary = one row per item, one column ' +
        "per scalar. Times are UTC (ISO 8601, Z); time_local uses the item's startTimeLocal offset. Ctrl-C " +
        'stops after the current item and closes the file properly (exit code 130).',
    )
    .argument('<file>', 'the saved results JSON ("-" for stdin)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'csv')
    .option('--layout <layout>', `table layout: ${LAYOUTS.join(', ')}`, 'long')
    .option('-o, --out <path>', 'write here instead of stdout')
    .option('--vars <names>', 'only these variables, comma-separated (e.g. heartRateSeries,trimp)')
    .option('--account-id <accountId>', 'fill the account_id column (a results body does not carry it)')
    .option('--max-bytes <n>', 'refuse input larger than this many bytes', String(DEFAULT_MAX_BYTES))
    .addHelpText(
      'after',
      examples([
        ['sportscloud decode results.json > results.csv', 'every variable, one row per sample'],
        [
          'sportscloud decode results.json --format ndjson --vars heartRateSeries -o hr.ndjson',
          'heart rate only, as NDJSON',
        ],
        [
          'sportscloud decode results.json --layout summary --format parquet -o summary.parquet',
          'one row per athlete',
        ],
        ['curl … | sportscloud decode - --format ndjson', 'from stdin'],
      ]),
    )
    .action(
      action(async (ctx, command: Command, args) => {
        const flags = command.opts<DecodeFlags>();
        const file = args[0]!;
        const output = checkOutput(ctx, flags);
        const filter = output.variables ? { variables: output.variables } : {};
        await checkFilter(filter);
        const maxBytes = Number(flags.maxBytes);
        if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0 || maxBytes > HARD_MAX_BYTES) {
          throw new UsageError(`--max-bytes must be a whole number of bytes from 1 to ${HARD_MAX_BYTES}`);
        }
        const text = await readBounded(ctx, file, maxBytes);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
        }
        const items = await decodeSavedResults(parsed, flags.accountId);
        return runExport(ctx, 'decode', items, output, filter, items.length);
      }),
    );

async function readBounded(ctx: CommandContext, file: string, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new UsageError(
      `${file} is larger than --max-bytes ${maxBytes}; raise it if this really is saved results`,
    );
  let input: NodeJS.ReadableStream;
  if (file === '-') input = ctx.io.stdin;
  else {
    const path = resolve(ctx.io.cwd, file);
    let size: number;
    try {
      size = statSync(path).size;
    } catch (error) {
      throw new CliError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    if (size > maxBytes) throw tooLarge();
    input = createReadStream(path);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > maxBytes) throw tooLarge();
    chunks.push(buffer);
    if (ctx.signal.aborted) throw new CliError('interrupted while reading the input', EXIT_CODES.interrupted);
  }
  return Buffer.concat(chunks).toString('utf8');
}
