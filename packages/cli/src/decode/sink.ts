import { once } from 'node:events';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Lines are gathered up to this size before a write: few syscalls, and a stop lands on a line end. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes whole lines to a stream, honouring its backpressure. Between chunks it gives the event loop a
 * turn, so Ctrl-C is seen, and stops as soon as `signal` is aborted: everything written ends with a
 * complete line.
 */
export class LineSink {
  #chunk = '';
  #lines = 0;
  #bytes = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly signal: AbortSignal,
  ) {}

  get lines(): number {
    return this.#lines;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Adds a line (with its line end); resolves false once stopped. */
  async push(line: string, countsAsRow = true): Promise<boolean> {
    if (this.signal.aborted) return false;
    this.#chunk += line;
    if (countsAsRow) this.#lines++;
    if (this.#chunk.length >= CHUNK_CHARS) await this.flush();
    return !this.signal.aborted;
  }

  async flush(): Promise<void> {
    if (this.#chunk.length === 0) return;
    const chunk = this.#chunk;
    this.#chunk = '';
    this.#bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    await yieldToEventLoop();
  }
}
