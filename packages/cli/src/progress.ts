import { SingleBar } from 'cli-progress';
import type { Output } from './output';

/** Progress of long work, on stderr: a bar on a terminal, plain lines otherwise (logs, CI, pipes). */
export interface Progress {
  /** `total` undefined: a count without a bar (e.g. items streamed from the API). */
  update(done: number, total: number | undefined, detail?: string): void;
  stop(summary?: string): void;
}

/** Plain mode prints at most one line per this many ms (and always the last one). */
const PLAIN_INTERVAL_MS = 2_000;

export function createProgress(output: Output, label: string): Progress {
  const stderr = output.io.stderr;
  if (stderr.isTTY === true && output.io.env.TERM !== 'dumb') {
    let bar: SingleBar | undefined;
    return {
      update(done, total, detail = '') {
        if (!bar) {
          bar = new SingleBar({
            stream: stderr,
            format:
              total === undefined ? `${label} {value} {detail}` : `${label} [{bar}] {value}/{total} {detail}`,
            barCompleteChar: '#',
            barIncompleteChar: '-',
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 20,
          });
          bar.start(total ?? Number.MAX_SAFE_INTEGER, done, { detail });
          return;
        }
        if (total !== undefined) bar.setTotal(total);
        bar.update(done, { detail });
      },
      stop(summary) {
        bar?.stop();
        if (summary) output.note(summary);
      },
    };
  }
  let last = 0;
  let pending: string | undefined;
  return {
    update(done, total, detail) {
      const line = `${label}: ${done}${total === undefined ? '' : `/${total}`}${detail ? ` ${detail}` : ''}`;
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
