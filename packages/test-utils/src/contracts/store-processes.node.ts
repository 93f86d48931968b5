/// <reference types="node" />
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ContractTakeResult, ProcessTakesJob, TakeFromProcesses } from './rate-limit-store';

export interface NodeStoreProcessesOptions {
  /**
   * The module each child process imports: it exports `createStore()` (the store on the shared
   * backend, a connection of its own) and, optionally, `closeStore(store)`.
   */
  readonly module: string | URL;
  /** Node flags of the children, e.g. `['--import', 'tsx']` for a TypeScript module. */
  readonly execArgv?: readonly string[];
  /** Extra environment of the children (the parent's is passed on). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface NodeStoreProcessesRun {
  /** `[process][step][take]`. */
  readonly results: ContractTakeResult[][][];
  /** From the moment every process was told to start until the last one answered. */
  readonly ms: number;
}

const TAG = '@@store-process ';

// The child: loads the store, says it is ready, waits for the job, takes, answers, closes.
// Plain JavaScript, run with `node -e`, so it needs no file of its own.
const CHILD = `
import { createInterface } from 'node:readline';
const mod = await import(process.argv[1]);
const store = await mod.createStore();
// Wait for each write: stdout to a pipe is asynchronous, and exiting early would cut the line.
const say = (message) =>
  new Promise((resolve) => process.stdout.write(${JSON.stringify(TAG)} + JSON.stringify(message) + '\\n', resolve));
await say({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  const job = JSON.parse(line);
  const results = [];
  for (const step of job.steps) {
    const out = new Array(step.count);
    let next = 0;
    const lane = async () => {
      while (next < step.count) {
        const at = next++;
        out[at] = await store.take(step.key, job.now, step.limits);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(job.concurrency, step.count)) }, lane));
    results.push(out);
  }
  await say({ results });
  break;
}
await mod.closeStore?.(store);
process.exit(0);
`;

interface Child {
  readonly process: ChildProcess;
  readonly messages: AsyncIterator<Record<string, unknown>>;
}

function start(options: NodeStoreProcessesOptions): Child {
  const module = options.module instanceof URL ? options.module.href : options.module;
  const child = spawn(
    process.execPath,
    [...(options.execArgv ?? []), '--input-type=module', '-e', CHILD, module],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, ...options.env },
    },
  );
  const lines = createInterface({ input: child.stdout! });
  async function* messages() {
    for await (const line of lines) if (line.startsWith(TAG)) yield JSON.parse(line.slice(TAG.length));
    throw new Error(`store process ${child.pid} ended without answering (exit code ${child.exitCode})`);
  }
  return { process: child, messages: messages() };
}

async function next(child: Child): Promise<Record<string, unknown>> {
  const { value } = await child.messages.next();
  return value as Record<string, unknown>;
}

/**
 * Runs a job in `job.processes` Node processes, each with its own store from `options.module`,
 * released together once all are ready; gives their results and the time they took.
 */
export async function runNodeStoreProcesses(
  options: NodeStoreProcessesOptions,
  job: ProcessTakesJob,
): Promise<NodeStoreProcessesRun> {
  const children = Array.from({ length: job.processes }, () => start(options));
  try {
    await Promise.all(children.map(next));
    const started = performance.now();
    const line = `${JSON.stringify({ now: job.now, concurrency: job.concurrency, steps: job.steps })}\n`;
    for (const child of children) child.process.stdin!.write(line);
    const answers = await Promise.all(children.map(next));
    const ms = performance.now() - started;
    return { results: answers.map((a) => a.results as ContractTakeResult[][]), ms };
  } finally {
    for (const child of children) if (child.process.exitCode === null) child.process.kill();
  }
}

/** The contract's `processes` runner on Node child processes. */
export function takeFromNodeProcesses(options: NodeStoreProcessesOptions): TakeFromProcesses {
  return async (job) => (await runNodeStoreProcesses(options, job)).results;
}
