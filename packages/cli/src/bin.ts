#!/usr/bin/env node
import { EXIT_CODES } from './exit-codes';
import { run } from './program';

// Ctrl-C asks the running command to stop after the item it is writing and close its files; a second
// Ctrl-C exits at once.
const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(EXIT_CODES.interrupted);
  controller.abort();
});

// A closed pipe (`… | head`) is not a crash: the command sees the failed write and stops.
process.stdout.on('error', () => {});

run(process.argv.slice(2), undefined, { signal: controller.signal }).then(
  (code) => {
    // Exit once stdout has taken the last write, rather than waiting for idle keep-alive sockets.
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_CODES.failure;
  },
);
