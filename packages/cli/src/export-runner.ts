import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type {
  ExportFilter,
  ExportFormat,
  ExportItem,
  ExportLayout,
  ExportStats,
  NodeWritableLike,
} from '@sportscloud/sync';
import type { CommandContext } from './context';
import { EXIT_CODES, type ExitCode, UsageError } from './exit-codes';
import { FORMATS, LAYOUTS, loadSync } from './lazy';
import { createProgress } from './progress';

/** The output options `decode` and `export` share. */
export interface OutputFlags {
  format: string;
  layout: string;
  out?: string;
  vars?: string;
}

export interface CheckedOutput {
  format: ExportFormat;
  layout: ExportLayout;
  /** Absolute path, or undefined for stdout. */
  path?: string;
  variables?: string[];
}

/** Checks the output flags before anything is requested or a file is created. */
export function checkOutput(ctx: CommandContext, flags: OutputFlags): CheckedOutput {
  const format = oneOf('--format', flags.format, FORMATS);
  const layout = oneOf('--layout', flags.layout, LAYOUTS);
  if (format === 'parquet' && !flags.out && ctx.io.stdout.isTTY) {
    throw new UsageError('Parquet is binary: write it to a file with -o <path> (or pipe stdout)');
  }
  const variables = flags.vars
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return {
    format,
    layout,
    ...(flags.out ? { path: resolve(ctx.io.cwd, flags.out) } : {}),
    ...(variables?.length ? { variables } : {}),
  };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

/** Checks a filter as the export will (names the wrong field), before any request. */
export async function checkFilter(filter: ExportFilter): Promise<void> {
  const { resolveFilter } = await loadSync();
  try {
    resolveFilter(filter);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Streams items through @sportscloud/sync's export writers to a file or stdout. Ctrl-C ends the item
 * stream instead of failing the export: the item being written is finished and the file is closed
 * properly (a Parquet file gets its footer), so what was written is a valid, complete file of fewer items.
 */
export async function runExport(
  ctx: CommandContext,
  label: string,
  items: AsyncIterable<ExportItem> | Iterable<ExportItem>,
  output: CheckedOutput,
  filter: ExportFilter,
  total?: number,
): Promise<ExitCode> {
  const { exportResults, toWebWritable } = await loadSync();
  const stream = output.path ? createWriteStream(output.path) : keepOpen(ctx.io.stdout);
  const progress = createProgress(ctx.output, label);
  const started = performance.now();
  let count = 0;
  async function* untilInterrupted(): AsyncGenerator<ExportItem> {
    try {
      for await (const item of items) {
        if (ctx.signal.aborted) return;
        yield item;
        progress.update(++count, total, 'items');
      }
    } catch (error) {
      // A request cut short by Ctrl-C: end the stream here, keeping what was exported.
      if (ctx.signal.aborted) return;
      throw error;
    }
  }
  let stats: ExportStats;
  try {
    stats = await exportResults(untilInterrupted(), toWebWritable(stream as NodeWritableLike), {
      format: output.format,
      layout: output.layout,
      filter,
    });
  } finally {
    progress.stop();
  }
  if (output.path) await finished(stream as NodeJS.WritableStream).catch(() => {});
  const interrupted = ctx.signal.aborted;
  const summary = {
    ...stats,
    format: output.format,
    layout: output.layout,
    out: output.path ?? 'stdout',
    seconds: Math.round(performance.now() - started) / 1000,
    interrupted,
  };
  const text =
    `${interrupted ? 'interrupted: ' : ''}wrote ${stats.rows} rows (${output.layout}) of ${stats.items} items ` +
    `(${stats.bytes} bytes of ${output.format}) to ${summary.out} in ${summary.seconds} s` +
    (interrupted ? '; the file is complete up to the last item' : '');
  // The summary goes where it does not mix with the data.
  const line = ctx.output.json ? JSON.stringify(summary) : text;
  if (output.path) ctx.output.line(line);
  else ctx.output.note(line);
  for (const [name, items] of Object.entries(stats.droppedVariables)) {
    ctx.output.warn(
      `${name} (in ${items} items) has no column in the ${output.layout} layout: name it in --vars to keep it`,
    );
  }
  return interrupted ? EXIT_CODES.interrupted : EXIT_CODES.ok;
}

/** stdout must not be ended by the export: later writes (the summary) still go there. */
function keepOpen(stdout: NodeJS.WritableStream): NodeWritableLike {
  return {
    write: (chunk, callback) => stdout.write(chunk, callback),
    end: (callback) => {
      stdout.write('', () => callback?.());
    },
    destroy: () => {},
    once: (event, listener) => stdout.once(event, listener),
    removeListener: (event, listener) => stdout.removeListener(event, listener),
  };
}
