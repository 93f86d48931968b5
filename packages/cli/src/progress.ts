import { SingleBar } from 'cli-progress';
import type { Output } from './output';

/** Progress of long work, on stderr: a bar on a terminal, plain lines otherwise (logs, CI, pipes). */
export interface Progress {
  update(done: number, total: number, detail?: string): void;
  stop(summary?: string): void;
}

/** Plain mode prints at most one line per this many ms (and always the last one). */
const PLAIN_INTERVAL_MS = 2_000;

export function createProgress(output: Output, label: string): Progress {
  const stderr = output.io.stderr;
  if (stderr.isTTY === true && output.io.env.TERM !== 'dumb') {
    const bar = new SingleBar({
      stream: stderr,
      format: `${label} [{bar}] {value}/{total} {detail}`,
      barCompleteChar: '#',
      barIncompleteChar: '-',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    });
    let started = false;
    return {
      update(done, total, detail = '') {
        if (!started) {
          bar.start(total, done, { detail });
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { detail });
        }
      },
      stop(summary) {
        if (started) bar.stop();
        if (summary) output.note(summary);
      },
    };
  }
  let last = 0;
  let pending: string | undefined;
  return {
    update(done, total, detail) {
      const line = `${label}: ${done}/${total}${detail ? ` ${detail}` : ''}`;
      const now = Date.now();
      if (now - last >= PLAIN_INTERVAL_MS) {
        output.note(line);
        last = now;
        pending = undefined;
      } else pending = line;
    },
    stop(summary) {
      if (pending) output.note(pending);
      if (summary) output.note(summary);
    },
  };
}
