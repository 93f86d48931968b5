/**
 * Encrypts consumer credentials at rest: AES-256-GCM through WebCrypto, a fresh 96-bit IV per value,
 * and the consumer id and field as additional data, so a ciphertext copied onto another row (or
 * another field) fails to decrypt instead of lending its secret.
 */
export class CredentialCipher {
  readonly #key: Promise<CryptoKey>;

  constructor(rawKey: Uint8Array) {
    if (rawKey.length !== 32) throw new Error('the encryption key must be 32 bytes');
    this.#key = crypto.subtle.importKey('raw', new Uint8Array(rawKey), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
  }

  /** `v1.<iv>.<ciphertext+tag>`, base64url. */
  async encrypt(plaintext: string, context: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) },
      await this.#key,
      new TextEncoder().encode(plaintext),
    );
    return `v1.${Buffer.from(iv).toString('base64url')}.${Buffer.from(sealed).toString('base64url')}`;
  }

  /** Throws {@link CredentialDecryptError} (naming no secret) for another key, context or a tampered value. */
  async decrypt(stored: string, context: string): Promise<string> {
    const [version, iv, sealed] = stored.split('.');
    if (version !== 'v1' || !iv || !sealed) throw new CredentialDecryptError(context);
    try {
      const plain = await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: Buffer.from(iv, 'base64url'),
          additionalData: new TextEncoder().encode(context),
        },
        await this.#key,
        Buffer.from(sealed, 'base64url'),
      );
      return new TextDecoder().decode(plain);
    } catch {
      throw new CredentialDecryptError(context);
    }
  }
}

export class CredentialDecryptError extends Error {
  override readonly name = 'CredentialDecryptError';
  constructor(context: string) {
    super(
      `cannot decrypt the stored credential ${context}: SPORTSCLOUD_ENCRYPTION_KEY is not the key it was stored with, or the row was altered`,
    );
  }
}
