import type { ApiKeyProvider } from '../auth/api-key-provider';
import type { Credentials } from '../auth/credentials';
import type { TokenProvider } from '../auth/token-provider';
import { InvalidArgumentError } from '../errors';
import type { CallOptions, Transport } from '../transport/types';
import {
  type ApiKeyResponse,
  apiKeySchema,
  parseResponse,
  type RegisterResponse,
  registerResponseSchema,
  sharedSecretSchema,
} from './schemas';

export interface RotateSharedSecretOptions extends CallOptions {
  /**
   * Called with the new secret before it is confirmed, so it can be stored durably first: once
   * the confirm succeeds the old secret is invalid, and a lost secret cannot be recovered.
   */
  persist?: (newSharedSecret: string) => void | Promise<void>;
}

/** The consumer's own account: API key and shared-secret rotation. */
export class AccountResource {
  /** @internal The client constructs it: `client.account`. */
  constructor(
    private readonly transport: Transport,
    private readonly credentials: Credentials,
    private readonly tokens: TokenProvider,
    private readonly apiKeys: ApiKeyProvider,
  ) {}

  /** The API key: the configured one, or fetched once with `GET /account/api-key` and cached. */
  apiKey(): Promise<string> {
    return this.apiKeys.apiKey();
  }

  /** `GET /account/api-key` (JWT only). The API creates the key on the first call, then returns the same one. */
  async fetchApiKey(options?: CallOptions): Promise<string> {
    const body = await this.transport.send(
      {
        operation: 'account.apiKey',
        method: 'GET',
        path: '/account/api-key',
        auth: 'jwt',
        credentialResponse: true,
        parse: (b) => parseResponse(apiKeySchema, b, 'account.apiKey'),
      },
      options,
    );
    return (body as ApiKeyResponse).apiKey;
  }

  /**
   * Rotates the shared secret: `GET /account/new-secret`, then `POST /account/new-secret/confirm`
   * signed with the *new* secret. Returns the new secret only after the confirm succeeded, and
   * switches this client to it. The confirm is never retried automatically.
   */
  async rotateSharedSecret(options: RotateSharedSecretOptions = {}): Promise<string> {
    const { persist, ...callOptions } = options;
    const body = await this.transport.send(
      {
        operation: 'account.newSecret',
        method: 'GET',
        path: '/account/new-secret',
        auth: 'jwt+key',
        credentialResponse: true,
        parse: (b) => parseResponse(sharedSecretSchema, b, 'account.newSecret'),
      },
      callOptions,
    );
    const { sharedSecret } = body as { sharedSecret: string };
    this.credentials.pendingSharedSecret = sharedSecret;
    try {
      await persist?.(sharedSecret);
      await this.transport.send(
        {
          operation: 'account.confirmNewSecret',
          method: 'POST',
          path: '/account/new-secret/confirm',
          auth: 'pending-secret+key',
        },
        { ...callOptions, maxRetries: 0 },
      );
    } finally {
      this.credentials.pendingSharedSecret = undefined;
    }
    this.credentials.sharedSecret = sharedSecret;
    this.tokens.invalidate();
    return sharedSecret;
  }

  /** @internal `POST /account/register` through a transport without credentials (`SportsCloudClient.register`). */
  static async register(
    transport: Transport,
    consumerName: string,
    options: CallOptions,
  ): Promise<RegisterResponse> {
    if (typeof consumerName !== 'string' || consumerName.length < 2 || consumerName.length > 100) {
      throw new InvalidArgumentError('consumerName', 'must be a string of 2 to 100 characters');
    }
    if (/firstbeat/i.test(consumerName)) {
      // The getting-started page: the name is shown to coaches and must not contain "Firstbeat".
      throw new InvalidArgumentError('consumerName', 'must not contain "Firstbeat"');
    }
    const body = await transport.send(
      {
        operation: 'account.register',
        method: 'POST',
        path: '/account/register',
        auth: 'none',
        body: { consumerName },
        credentialResponse: true,
        parse: (b) => parseResponse(registerResponseSchema, b, 'account.register'),
      },
      { ...options, maxRetries: 0 },
    );
    return body as RegisterResponse;
  }
}
