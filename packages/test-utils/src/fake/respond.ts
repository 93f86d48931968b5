import { encodeBody, negotiateEncoding } from './compression';
import type { Reply } from './reply';

/** Turn a Reply into a Response: JSON body, optional truncation fault, Content-Encoding, headers. */

export interface RespondOptions {
  acceptEncoding: string | null;
  requestId: string;
  /** The fake clock's time, sent as `Date` like every real server: clients measure skew from it. */
  now: number;
  /** The body already serialized (the 413 check needed it); saves a second JSON.stringify. */
  encoded?: Uint8Array<ArrayBuffer>;
  /** The 'truncate' fault: how many bytes of the JSON to keep. */
  truncateTo?: (length: number) => number;
}

const encoder = new TextEncoder();

/**
 * A reason quotes the request (`invalid offset …`), and a header value may hold only visible ASCII, space
 * and tab (Latin-1 at best, never a control character): escape everything else as `\u{…}`, so a hostile
 * query value cannot turn a 400 into a 500.
 */
export function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

export async function respond(reply: Reply, o: RespondOptions): Promise<Response> {
  const headers = new Headers(reply.headers);
  headers.set('x-amzn-RequestId', o.requestId);
  headers.set('date', new Date(o.now).toUTCString());
  if (reply.reason) headers.set('x-fake-reason', headerSafe(reply.reason));
  let body: Uint8Array<ArrayBuffer> | null = null;
  if (reply.body !== undefined) {
    body = o.encoded ?? encoder.encode(JSON.stringify(reply.body));
    headers.set('content-type', 'application/json');
    // Cut before compressing: the client then decodes the coding fine and finds broken JSON.
    if (o.truncateTo) body = body.slice(0, o.truncateTo(body.length));
    const coding = negotiateEncoding(o.acceptEncoding);
    if (coding) {
      body = await encodeBody(coding, body);
      headers.set('content-encoding', coding);
      headers.set('vary', 'Accept-Encoding');
    }
  }
  return new Response(body, { status: reply.status, headers });
}
