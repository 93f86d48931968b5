/** How a capped read ended: the whole body, or the number of bytes seen when the cap was passed. */
export type CappedBody = { readonly bytes: Uint8Array } | { readonly tooLarge: number };

/**
 * Reads a response body chunk by chunk, counting bytes as they arrive, and stops at `limitBytes`:
 * the rest is cancelled, so a runtime that inflates gzip for us stops inflating too. Buffering the
 * whole body first (`arrayBuffer()`) would let a 1 MiB gzip bomb grow into gigabytes before any
 * check could run.
 */
export async function readCappedBody(response: Response, limitBytes: number): Promise<CappedBody> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    await discard(response.body);
    return { tooLarge: declared };
  }
  const stream = response.body;
  if (!stream) return { bytes: new Uint8Array(0) };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => {});
      return { tooLarge: total };
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return { bytes: chunks[0]! };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes };
}

/** Releases a body that will not be read (a redirect's, an oversized one's) without reading it. */
async function discard(body: ReadableStream<Uint8Array> | null): Promise<void> {
  await body?.cancel().catch(() => {});
}
