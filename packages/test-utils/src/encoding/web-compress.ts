/** One-shot CompressionStream: 'deflate' is the zlib format (RFC 1950), 'gzip' RFC 1952. */
export async function webCompress(
  format: 'deflate' | 'gzip',
  bytes: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
