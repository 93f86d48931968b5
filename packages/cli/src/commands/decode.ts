import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { csv, DECODE_FORMATS, type DecodeFormat, ndjson } from '../decode/formats';
import { decodeSavedResults } from '../decode/items';
import { LONG_COLUMNS, longRows } from '../decode/long-rows';
import { LineSink } from '../decode/sink';
import { CliError, EXIT_CODES, UsageError } from '../exit-codes';
import { createProgress } from '../progress';
import { type Define, examples } from './define';

interface DecodeOptions {
  format: string;
  out?: string;
  vars?: string;
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
    .summary('decode a saved results JSON file to CSV or NDJSON (long layout)')
    .description(
      'Decodes a results body saved from the API (a measurement, lap or session results response, or a ' +
        'JSON array of them; "-" reads stdin) with @sportscloud/core and writes the long layout: one row per ' +
        'sample (account_id, athlete_id, measurement_id, session_id, lap_id, variable, time_utc, time_local, ' +
        'value, unit), then one per scalar with empty times. Times are UTC (ISO 8601, Z); time_local uses the ' +
        "item's startTimeLocal offset. Ctrl-C stops after the last whole row (exit code 130).",
    )
    .argument('<file>', 'the saved results JSON ("-" for stdin)')
    .option('--format <format>', `output format: ${DECODE_FORMATS.join(' or ')}`, 'csv')
    .option('-o, --out <path>', 'write here instead of stdout')
    .option('--vars <names>', 'only these variables, comma-separated (e.g. heartRateSeries,trimp)')
    .option('--account-id <accountId>', 'fill the account_id column (a results body does not carry it)')
    .option('--max-bytes <n>', 'refuse input files larger than this', String(DEFAULT_MAX_BYTES))
    .addHelpText(
      'after',
      examples([
        ['sportscloud decode results.json > results.csv', 'every variable as CSV'],
        [
          'sportscloud decode results.json --format ndjson --vars heartRateSeries -o hr.ndjson',
          'heart rate only, as NDJSON',
        ],
        ['curl … | sportscloud decode - --format ndjson', 'from stdin'],
      ]),
    )
    .action(
      action(async (ctx, command: Command, args) => {
        const options = command.opts<DecodeOptions>();
        const file = args[0]!;
        if (!(DECODE_FORMATS as readonly string[]).includes(options.format)) {
          throw new UsageError(
            `--format must be ${DECODE_FORMATS.join(' or ')}, not "${options.format}"${options.format === 'parquet' ? " (Parquet comes with @sportscloud/sync's export writers)" : ''}`,
          );
        }
        const maxBytes = Number(options.maxBytes);
        if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0 || maxBytes > HARD_MAX_BYTES) {
          throw new UsageError(`--max-bytes must be a whole number of bytes from 1 to ${HARD_MAX_BYTES}`);
        }
        const variables = options.vars
          ? new Set(
              options.vars
                .split(',')
                .map((name) => name.trim())
                .filter(Boolean),
            )
          : undefined;
        const text = await readBounded(ctx, file, maxBytes);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
        }
        const items = await decodeSavedResults(parsed);
        return write(ctx, items, options.format as DecodeFormat, variables, options);
      }),
    );

async function write(
  ctx: CommandContext,
  items: Awaited<ReturnType<typeof decodeSavedResults>>,
  format: DecodeFormat,
  variables: Set<string> | undefined,
  options: DecodeOptions,
) {
  const output = ctx.output;
  const path = options.out ? resolve(ctx.io.cwd, options.out) : undefined;
  const stream = path ? createWriteStream(path) : ctx.io.stdout;
  const formatter = format === 'csv' ? csv : ndjson(LONG_COLUMNS);
  const sink = new LineSink(stream, ctx.signal);
  const progress = createProgress(output, 'decode');
  const started = performance.now();
  let done = 0;
  await sink.push(formatter.header(LONG_COLUMNS), false);
  for (const item of items) {
    if (ctx.signal.aborted) break;
    for (const row of longRows(item, options.accountId ?? null, variables)) {
      if (!(await sink.push(formatter.row(row)))) break;
    }
    progress.update(++done, items.length, `items, ${sink.lines} rows`);
  }
  // Whatever was gathered is whole rows: write it, then close the file so nothing is left half-written.
  await sink.flush();
  if (path) {
    stream.end();
    await finished(stream);
  }
  progress.stop();
  const interrupted = ctx.signal.aborted;
  const stats = {
    items: items.length,
    itemsWritten: done,
    rows: sink.lines,
    bytes: sink.bytes,
    format,
    out: path ?? 'stdout',
    seconds: Math.round(performance.now() - started) / 1000,
    interrupted,
  };
  // The summary goes where it does not mix with the data.
  const summary = `${interrupted ? 'interrupted: ' : ''}wrote ${stats.rows} rows of ${done}/${items.length} items (${stats.bytes} bytes) to ${stats.out} in ${stats.seconds} s${interrupted ? '; every row written is complete' : ''}`;
  if (output.json) {
    const json = JSON.stringify(stats);
    if (path) output.line(json);
    else output.note(json);
  } else if (path) output.line(summary);
  else output.note(summary);
  return interrupted ? EXIT_CODES.interrupted : EXIT_CODES.ok;
}

async function readBounded(ctx: CommandContext, file: string, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new UsageError(
      `${file} is larger than --max-bytes ${maxBytes}; raise it if this really is one saved results body`,
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
