import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './exit-codes';
import type { CliIO } from './io';
import type { Output } from './output';

/**
 * Credentials come from the environment or a config file, never from a command-line flag: flags land
 * in shell history and in `ps` output for every user of the machine.
 */
export const ENV = {
  consumerId: 'SPORTSCLOUD_CONSUMER_ID',
  sharedSecret: 'SPORTSCLOUD_SHARED_SECRET',
  apiKey: 'SPORTSCLOUD_API_KEY',
  baseURL: 'SPORTSCLOUD_BASE_URL',
  config: 'SPORTSCLOUD_CONFIG',
} as const;

export interface CredentialsFile {
  consumerId?: string;
  sharedSecret?: string;
  apiKey?: string;
  baseURL?: string;
}

export interface Settings extends CredentialsFile {
  /** The config file that was read, or would be written by `--save`. */
  configPath: string;
  /** Whether configPath exists and was read. */
  configRead: boolean;
  /** Where each field came from, for `doctor` (never the values). */
  sources: Partial<Record<keyof CredentialsFile, 'environment' | 'config file' | 'flag'>>;
}

export interface ResolvedCredentials extends Settings {
  consumerId: string;
  sharedSecret: string;
}

const FIELDS = ['consumerId', 'sharedSecret', 'apiKey', 'baseURL'] as const;
/** A credentials file is a few hundred bytes; anything larger is not one. */
const MAX_CONFIG_BYTES = 64 * 1024;
const MAX_FIELD_LENGTH = 2048;

export function defaultConfigPath(io: Pick<CliIO, 'env' | 'homedir'>): string {
  const base = io.env.XDG_CONFIG_HOME || join(io.homedir, '.config');
  return join(base, 'sportscloud', 'credentials.json');
}

/** Reads the environment and the config file (`--config`, else SPORTSCLOUD_CONFIG, else the default path). */
export function loadSettings(
  io: Pick<CliIO, 'env' | 'homedir' | 'cwd'>,
  output: Output,
  flags: { config?: string; baseUrl?: string },
  /** register --save creates the file: a missing one is expected there. */
  { configMayBeMissing = false } = {},
): Settings {
  const explicit = flags.config ?? io.env[ENV.config];
  const configPath = explicit ? resolve(io.cwd, explicit) : defaultConfigPath(io);
  const file = readConfigFile(configPath, explicit !== undefined && !configMayBeMissing, output);
  const settings: Settings = { configPath, configRead: file !== undefined, sources: {} };
  for (const field of FIELDS) {
    const fromEnv = io.env[ENV[field]];
    if (fromEnv) {
      settings[field] = checkField(fromEnv, `${ENV[field]}`);
      settings.sources[field] = 'environment';
    } else if (file?.[field]) {
      settings[field] = file[field];
      settings.sources[field] = 'config file';
    }
  }
  if (flags.baseUrl) {
    settings.baseURL = flags.baseUrl;
    settings.sources.baseURL = 'flag';
  }
  if (settings.baseURL) settings.baseURL = checkBaseURL(settings.baseURL);
  for (const field of ['sharedSecret', 'apiKey'] as const) output.addSecret(settings[field]);
  return settings;
}

export function requireCredentials(settings: Settings): ResolvedCredentials {
  const missing = (['consumerId', 'sharedSecret'] as const).filter((field) => !settings[field]);
  if (missing.length > 0) {
    throw new UsageError(
      `no ${missing.join(' or ')}: set ${missing.map((f) => ENV[f]).join(' and ')} in the environment, ` +
        `or write them to ${settings.configPath} (see \`sportscloud --help\`; credentials are never taken from flags)`,
    );
  }
  return settings as ResolvedCredentials;
}

function readConfigFile(path: string, explicit: boolean, output: Output): CredentialsFile | undefined {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return undefined;
    throw new UsageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  if (!stat.isFile()) throw new UsageError(`the config file ${path} is not a file`);
  if (stat.size > MAX_CONFIG_BYTES) {
    throw new UsageError(`the config file ${path} is ${stat.size} bytes; a credentials file is under 64 KiB`);
  }
  // Windows has no group/other mode bits to check.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
    output.warn(
      `${path} is readable by other users (mode ${mode}): it holds your shared secret. Run: chmod 600 '${path}'`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    // JSON.parse quotes the input around the error position: never echo it, it may hold the secret.
    const message = (error as Error).message.replace(/(?:"[^"]*"|'[^']*'|at position.*)/g, '').trim();
    throw new UsageError(`the config file ${path} is not valid JSON (${message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(
      `the config file ${path} must hold a JSON object like {"consumerId": "…", "sharedSecret": "…"}`,
    );
  }
  const unknown = Object.keys(parsed).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new UsageError(
      `the config file ${path} has unknown field(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; allowed: ${FIELDS.join(', ')}`,
    );
  }
  const out: CredentialsFile = {};
  for (const field of FIELDS) {
    const value = (parsed as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new UsageError(`the config file ${path}: ${field} must be a string`);
    out[field] = checkField(value, `${field} in ${path}`);
  }
  return out;
}

function checkField(value: string, where: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new UsageError(`${where} is empty`);
  if (trimmed.length > MAX_FIELD_LENGTH)
    throw new UsageError(`${where} is longer than ${MAX_FIELD_LENGTH} characters`);
  return trimmed;
}

function checkBaseURL(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`the base URL "${text}" is not a URL (expected e.g. https://api.firstbeat.com/v1)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`the base URL "${text}" must be http(s)`);
  }
  if (url.username || url.password)
    throw new UsageError('the base URL must not contain a user name or password');
  return text.replace(/\/+$/, '');
}

/**
 * Writes the credentials file readable by its owner only (0600, directory 0700), atomically: a crash
 * leaves the old file or the new one, never half of one.
 */
export function writeCredentialsFile(path: string, content: CredentialsFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** The config file's content, for `--save` to add a field to (empty when there is none). */
export function readCredentialsForUpdate(settings: Settings, output: Output): CredentialsFile {
  return settings.configRead ? (readConfigFile(settings.configPath, true, output) ?? {}) : {};
}
