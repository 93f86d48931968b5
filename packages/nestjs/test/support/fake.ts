import {
  createFakeSportsCloud,
  type FakeSportsCloud,
  type FakeSportsCloudOptions,
} from '@sportscloud/test-utils';
import { type FakeServer, startFakeServer } from '@sportscloud/test-utils/node';

export interface RunningFake {
  readonly fake: FakeSportsCloud;
  readonly server: FakeServer;
  /** Client options for the fake's seeded consumer. */
  readonly options: { consumerId: string; sharedSecret: string; apiKey: string; baseURL: string };
  /** Holds every response until `release()` (for shutdown tests); off by default. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

/** The fake Sports Cloud on a loopback port, with a switch that holds responses back. */
export async function startFake(options: FakeSportsCloudOptions = {}): Promise<RunningFake> {
  const fake = createFakeSportsCloud({ seed: 8, ...options });
  let gate: { promise: Promise<void>; open: () => void } | undefined;
  const server = await startFakeServer({
    fetch: async (request) => {
      if (gate && !new URL(request.url).pathname.startsWith('/__fake')) await gate.promise;
      return fake.fetch(request);
    },
  });
  return {
    fake,
    server,
    options: {
      consumerId: fake.consumerId,
      sharedSecret: fake.sharedSecret,
      apiKey: fake.apiKey,
      baseURL: server.url,
    },
    hold() {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => {
        open = resolve;
      });
      gate = { promise, open };
    },
    release() {
      gate?.open();
      gate = undefined;
    },
    async close() {
      gate?.open();
      await server.close();
    },
  };
}

/** Every line a LoggerService was given, with its level and context. */
export class CapturingLogger {
  readonly lines: Array<{ level: string; message: string; context?: string }> = [];
  log(message: unknown, context?: string) {
    this.#push('log', message, context);
  }
  error(message: unknown, context?: string) {
    this.#push('error', message, context);
  }
  warn(message: unknown, context?: string) {
    this.#push('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.#push('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.#push('verbose', message, context);
  }
  text(): string {
    return JSON.stringify(this.lines);
  }
  #push(level: string, message: unknown, context: string | undefined) {
    this.lines.push({ level, message: String(message), ...(context ? { context } : {}) });
  }
}
