import {
  type ClientOptions,
  ConfigurationError,
  isSportsCloudError,
  SportsCloudClient,
} from '@sportscloud/core';

/**
 * Where configuration comes from: a Workers `env` object (vars and secrets are strings there; other
 * bindings are objects) or a getter such as `(name) => Deno.env.get(name)`.
 */
export type EnvSource = Readonly<Record<string, unknown>> | ((name: string) => string | undefined);

/** The environment variable behind each client option (the same names the Node quick start reads). */
export const ENV_NAMES = {
  consumerId: 'SPORTSCLOUD_CONSUMER_ID',
  sharedSecret: 'SPORTSCLOUD_SHARED_SECRET',
  apiKey: 'SPORTSCLOUD_API_KEY',
  baseURL: 'SPORTSCLOUD_BASE_URL',
  timeout: 'SPORTSCLOUD_TIMEOUT_MS',
  maxRetries: 'SPORTSCLOUD_MAX_RETRIES',
  deadline: 'SPORTSCLOUD_DEADLINE_MS',
} as const;

type StringOption = 'consumerId' | 'sharedSecret' | 'apiKey' | 'baseURL';
type NumberOption = 'timeout' | 'maxRetries' | 'deadline';
const SECRET: ReadonlySet<string> = new Set(['sharedSecret', 'apiKey']);
// Bounded before parsing: an env value is outside input.
const MAX_ENV_LENGTH = 4096;

function reader(source: EnvSource): (name: string) => unknown {
  return typeof source === 'function' ? source : (name) => source[name];
}

function readString(get: (name: string) => unknown, option: StringOption): string | undefined {
  const name = ENV_NAMES[option];
  const value = get(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ConfigurationError(
      `${name} must be a string (a secret or a plain-text variable), not a binding`,
    );
  }
  if (value.length > MAX_ENV_LENGTH) {
    throw new ConfigurationError(`${name} is ${value.length} characters long; at most ${MAX_ENV_LENGTH}`);
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function readNumber(get: (name: string) => unknown, option: NumberOption): number | undefined {
  const name = ENV_NAMES[option];
  const raw = get(name);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const text = typeof raw === 'string' ? raw.trim() : raw;
  if (typeof text !== 'string' || !/^\d{1,12}$/.test(text)) {
    throw new ConfigurationError(
      `${name} must be a non-negative whole number, got ${JSON.stringify(String(raw).slice(0, 40))}`,
    );
  }
  return Number(text);
}

/**
 * Client options from the runtime's environment, `overrides` winning. Only syntax is checked
 * here; the client's own constructor validates the values, with core's messages.
 */
export function clientOptionsFromEnv(
  source: EnvSource,
  overrides: Partial<ClientOptions> = {},
): ClientOptions {
  const get = reader(source);
  const options: Partial<ClientOptions> = {};
  for (const option of ['consumerId', 'sharedSecret', 'apiKey', 'baseURL'] as const) {
    const value = readString(get, option);
    if (value !== undefined) options[option] = value;
  }
  for (const option of ['timeout', 'maxRetries', 'deadline'] as const) {
    const value = readNumber(get, option);
    if (value !== undefined) options[option] = value;
  }
  return { ...options, ...overrides } as ClientOptions;
}

/**
 * A client configured from the environment. Validation is core's: its `ConfigurationError`
 * message is kept and the variable to set is named after it (never its value when it is a secret).
 */
export function createClientFromEnv(
  source: EnvSource,
  overrides: Partial<ClientOptions> = {},
): SportsCloudClient {
  const options = clientOptionsFromEnv(source, overrides);
  try {
    return new SportsCloudClient(options);
  } catch (error) {
    if (!isSportsCloudError(error) || error.code !== 'configuration') throw error;
    const option = /^(\w+)/.exec(error.message)?.[1] as keyof typeof ENV_NAMES | undefined;
    const name = option && option in ENV_NAMES && !(option in overrides) ? ENV_NAMES[option] : undefined;
    if (!name) throw error;
    const hint = SECRET.has(option as string) ? `set the secret ${name}` : `set ${name}`;
    throw new ConfigurationError(`${error.message}: ${hint}`);
  }
}
