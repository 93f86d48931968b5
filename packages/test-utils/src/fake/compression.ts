import { brotliStore } from '../encoding/brotli-store';
import { webCompress } from '../encoding/web-compress';
import { zstdStore } from '../encoding/zstd-store';

/**
 * Content-Encoding of response bodies (reference §9: zstd, br, gzip, deflate). The client's q-values
 * rank the codings; among equal q the server prefers the documented order. gzip and deflate come
 * from CompressionStream; zstd and br are "stored" encoders (valid streams, no compression),
 * because no Web API compresses to them.
 */

export type ContentCoding = 'zstd' | 'br' | 'gzip' | 'deflate';

const SERVER_ORDER: readonly ContentCoding[] = ['zstd', 'br', 'gzip', 'deflate'];

export function negotiateEncoding(acceptEncoding: string | null): ContentCoding | undefined {
  if (!acceptEncoding) return undefined;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    if (name) q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const wildcard = q.get('*');
  let best: ContentCoding | undefined;
  let bestQ = 0;
  for (const coding of SERVER_ORDER) {
    const weight = q.get(coding) ?? wildcard ?? 0;
    if (weight > bestQ) {
      best = coding;
      bestQ = weight;
    }
  }
  return best;
}

export async function encodeBody(
  coding: ContentCoding,
  body: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  switch (coding) {
    case 'zstd':
      return zstdStore(body);
    case 'br':
      return brotliStore(body);
    default:
      return webCompress(coding, body);
  }
}
