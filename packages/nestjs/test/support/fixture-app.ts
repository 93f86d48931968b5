import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/** The Nest CLI's default tsconfig (`nest new`): CommonJS, legacy decorators with metadata. */
const NEST_CLI_TSCONFIG = {
  module: 'commonjs',
  declaration: true,
  removeComments: true,
  emitDecoratorMetadata: true,
  experimentalDecorators: true,
  allowSyntheticDefaultImports: true,
  target: 'ES2023',
  sourceMap: true,
  outDir: './dist',
  baseUrl: './',
  incremental: true,
  skipLibCheck: true,
  strictNullChecks: true,
  forceConsistentCasingInFileNames: true,
  noImplicitAny: false,
  strictBindCallApply: false,
  noFallthroughCasesInSwitch: false,
  types: ['node'],
};

/** The same app as native ESM. */
const ESM_TSCONFIG = {
  ...NEST_CLI_TSCONFIG,
  module: 'nodenext',
  moduleResolution: 'nodenext',
  baseUrl: undefined,
};

export type ModuleKind = 'commonjs' | 'esm';

export interface CompiledApp {
  readonly dir: string;
  readonly main: string;
  remove(): Promise<void>;
}

/**
 * Copies `sources` into a fresh directory below `<under>/node_modules/.cache` (so @nestjs/* and
 * @sportscloud/core resolve from `under`, as in an app), installs this package there the way npm
 * would (its package.json and built dist, copied) and compiles with tsc. Throws tsc's diagnostics
 * when it fails. `under` defaults to this package: NestJS 12; the NestJS 11 project passes its own.
 */
export async function compileApp(
  kind: ModuleKind,
  sources: Record<string, string>,
  { under = packageDir }: { under?: string } = {},
): Promise<CompiledApp> {
  const dir = join(under, 'node_modules', '.cache', 'fixture-apps', `${kind}-${randomUUID()}`);
  const installed = join(dir, 'node_modules', '@sportscloud', 'nestjs');
  await mkdir(join(dir, 'src'), { recursive: true });
  await mkdir(installed, { recursive: true });
  await cp(join(packageDir, 'package.json'), join(installed, 'package.json'));
  await cp(join(packageDir, 'dist'), join(installed, 'dist'), { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ private: true, type: kind === 'esm' ? 'module' : 'commonjs' }),
  );
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: kind === 'esm' ? ESM_TSCONFIG : NEST_CLI_TSCONFIG,
      include: ['src'],
    }),
  );
  for (const [name, text] of Object.entries(sources)) await writeFile(join(dir, 'src', name), text);
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    await rm(dir, { recursive: true, force: true });
    throw new Error(`tsc failed for the ${kind} app:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  const first = Object.keys(sources)[0]!.replace(/\.ts$/, '.js');
  return { dir, main: join(dir, 'dist', first), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A file of test/fixtures, or of the package (the README). */
export function readPackageFile(path: string): Promise<string> {
  return readFile(join(packageDir, path), 'utf8');
}

export interface RunningApp {
  readonly child: ChildProcess;
  /** Parsed JSON lines the app printed so far. */
  readonly lines: Array<Record<string, unknown>>;
  stderr(): string;
  /** Everything printed on stdout, as text. */
  stdout(): string;
  /** Resolves with the first printed line matching `test`. */
  waitFor(
    test: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves when the process has exited, with its code/signal and the time it exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function runApp(main: string, env: Record<string, string>): RunningApp {
  const child = spawn(process.execPath, [main], {
    // In the app's directory (main is <app>/dist/main.js), as `node dist/main` is run.
    cwd: dirname(dirname(main)),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  let buffer = '';
  let output = '';
  let errors = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        lines.push(JSON.parse(text) as Record<string, unknown>);
      } catch {
        // Not a JSON line (the README example prints an array): kept in stdout() only.
      }
      newline = buffer.indexOf('\n');
    }
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
    (resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() }));
    },
  );
  return {
    child,
    lines,
    stderr: () => errors,
    stdout: () => output,
    exited,
    waitFor(test, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(test);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `no matching line within ${timeoutMs} ms; stdout ${JSON.stringify(lines)}; stderr ${errors}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        exited.then(() => setTimeout(check, 0));
        check();
      });
    },
  };
}
