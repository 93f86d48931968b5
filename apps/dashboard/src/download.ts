/**
 * Saves a streamed response. A link cannot send the Authorization header, so the page fetches the
 * export itself and then either
 *  - streams it straight into a file the user picks (File System Access API, Chromium): constant
 *    memory whatever the size; or
 *  - collects it into a Blob and hands that to the browser's download (every browser): the whole
 *    file is held in memory until saved, fine for the summary layouts and moderate long exports.
 */

interface SaveFilePicker {
  showSaveFilePicker(options: { suggestedName: string }): Promise<{
    createWritable(): Promise<WritableStream<Uint8Array>>;
  }>;
}

export const canStreamToFile = () =>
  typeof (window as unknown as Partial<SaveFilePicker>).showSaveFilePicker === 'function';

export function filenameOf(response: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return m?.[1] ?? fallback;
}

/** Counts bytes as they pass. */
function counter(onBytes: (total: number) => void) {
  let total = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      total += chunk.byteLength;
      onBytes(total);
      controller.enqueue(chunk);
    },
  });
}

export async function saveResponse(
  response: Response,
  filename: string,
  options: { toFile: boolean; onBytes: (total: number) => void; signal: AbortSignal },
): Promise<number> {
  if (!response.body) throw new Error('the export has no body');
  let total = 0;
  const counted = response.body.pipeThrough(
    counter((n) => {
      total = n;
      options.onBytes(n);
    }),
    { signal: options.signal },
  );
  if (options.toFile && canStreamToFile()) {
    const handle = await (window as unknown as SaveFilePicker).showSaveFilePicker({
      suggestedName: filename,
    });
    await counted.pipeTo(await handle.createWritable(), { signal: options.signal });
    return total;
  }
  const blob = await new Response(counted).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return total;
}
