/** Text is gathered up to this many UTF-16 units before it is encoded and handed to the stream. */
const TEXT_CHUNK = 64 * 1024;

/**
 * Writes to a Web `WritableStream` in chunks of about 64 KiB, waiting on the stream's backpressure
 * (`writer.ready`) before each one, so a slow destination holds the export instead of buffering it.
 */
export class ByteOutput {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly encoder = new TextEncoder();
  private text = '';
  private failure: unknown;
  /** Bytes handed to the stream so far. */
  bytes = 0;

  constructor(stream: WritableStream<Uint8Array>) {
    this.writer = stream.getWriter();
  }

  /** Adds text; resolves at once unless a chunk is due, then after the stream is ready for it. */
  writeText(text: string): Promise<void> | undefined {
    this.text += text;
    return this.text.length >= TEXT_CHUNK ? this.flushText() : undefined;
  }

  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flushText();
    await this.push(bytes);
  }

  async flushText(): Promise<void> {
    if (this.text.length === 0) return;
    const chunk = this.encoder.encode(this.text);
    this.text = '';
    await this.push(chunk);
  }

  async close(): Promise<void> {
    await this.flushText();
    this.rethrow();
    await this.writer.close();
  }

  /** Aborts the stream (the destination learns the export failed) and releases it. */
  async abort(reason: unknown): Promise<void> {
    this.text = '';
    await this.writer.abort(reason).catch(() => {});
  }

  private async push(chunk: Uint8Array): Promise<void> {
    this.rethrow();
    await this.writer.ready;
    this.bytes += chunk.byteLength;
    // Not awaited: `ready` already carries backpressure, and awaiting each write would forbid overlap.
    this.writer.write(chunk).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  private rethrow(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

/** The part of a Node.js `Writable` the adapter uses (structural, so this module imports nothing from Node). */
export interface NodeWritableLike {
  write(chunk: Uint8Array, callback?: (error?: Error | null) => void): boolean;
  end(callback?: () => void): unknown;
  destroy(error?: Error): unknown;
  once(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown;
  removeListener(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown;
}

/**
 * Adapts a Node.js `Writable` (a file, an HTTP response, `process.stdout`) to the `WritableStream` the
 * export writes to, honouring its backpressure (`write()` returning false → wait for `drain`).
 */
export function toWebWritable(writable: NodeWritableLike): WritableStream<Uint8Array> {
  return new WritableStream<Uint8Array>({
    write(chunk) {
      return new Promise<void>((resolve, reject) => {
        const onError = (error: unknown) => reject(error);
        writable.once('error', onError);
        const ok = writable.write(chunk, (error) => {
          if (error) reject(error);
        });
        const done = () => {
          writable.removeListener('error', onError);
          resolve();
        };
        if (ok) done();
        else writable.once('drain', done);
      });
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        writable.once('error', (error) => reject(error));
        writable.end(() => resolve());
      });
    },
    abort(reason) {
      writable.destroy(reason instanceof Error ? reason : new Error(String(reason)));
    },
  });
}
