import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import {
  ConfigurationError,
  InMemoryRateLimitStore,
  type RateLimitStore,
  SportsCloudClient,
} from '@sportscloud/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getSportsCloudClientToken,
  InjectSportsCloudClient,
  SPORTS_CLOUD_RATE_LIMIT_STORE,
  SportsCloudModule,
  type SportsCloudModuleOptions,
} from '../src';
import { type RunningFake, startFake } from './support/fake';

let sc: RunningFake;
beforeAll(async () => {
  sc = await startFake();
});
afterAll(() => sc.close());

const quiet = { logger: false as const };

@Injectable()
class AccountsService {
  constructor(readonly client: SportsCloudClient) {}
  async names(): Promise<string[]> {
    return (await this.client.accounts.list()).map((a) => a.name ?? '');
  }
}

async function compile(imports: unknown[], providers: unknown[] = [AccountsService]) {
  const ref = await Test.createTestingModule({
    imports: imports as never[],
    providers: providers as never[],
  }).compile();
  await ref.init();
  return ref;
}

describe('forRoot', () => {
  it('provides the client by its class, talking to the configured API', async () => {
    const app = await compile([SportsCloudModule.forRoot({ ...sc.options, ...quiet })]);
    const service = app.get(AccountsService);
    expect(service.client).toBeInstanceOf(SportsCloudClient);
    expect(service.client.consumerId).toBe(sc.options.consumerId);
    const names = await service.names();
    expect(names.length).toBe(sc.fake.data.accounts.length);
    expect(names.length).toBeGreaterThan(0);
    await app.close();
  });

  it('rejects a bad name or shutdown timeout with a ConfigurationError naming it', () => {
    expect(() => SportsCloudModule.forRoot({ ...sc.options, name: 'has space' })).toThrow(/name must be/);
    expect(() => SportsCloudModule.forRoot({ ...sc.options, name: 'x'.repeat(65) })).toThrow(
      ConfigurationError,
    );
  });

  it('reports bad options from the factory as a ConfigurationError at bootstrap', async () => {
    await expect(
      compile([SportsCloudModule.forRoot({ ...sc.options, ...quiet, shutdownTimeout: -1 })]),
    ).rejects.toThrow(/shutdownTimeout must be/);
    await expect(
      compile([SportsCloudModule.forRootAsync({ useFactory: () => ({ ...sc.options, consumerId: '' }) })]),
    ).rejects.toThrow(/consumerId is required/);
  });
});

describe('forRootAsync', () => {
  it('useFactory with imports and inject: configured from @nestjs/config', async () => {
    const app = await compile([
      SportsCloudModule.forRootAsync({
        imports: [
          ConfigModule.forRoot({
            ignoreEnvFile: true,
            load: [
              () => ({
                SPORTSCLOUD_CONSUMER_ID: sc.options.consumerId,
                SPORTSCLOUD_SHARED_SECRET: sc.options.sharedSecret,
                SPORTSCLOUD_BASE_URL: sc.options.baseURL,
              }),
            ],
          }),
        ],
        inject: [ConfigService],
        useFactory: (config: ConfigService): SportsCloudModuleOptions => ({
          consumerId: config.getOrThrow('SPORTSCLOUD_CONSUMER_ID'),
          sharedSecret: config.getOrThrow('SPORTSCLOUD_SHARED_SECRET'),
          baseURL: config.getOrThrow('SPORTSCLOUD_BASE_URL'),
          logger: false,
        }),
      }),
    ]);
    // No apiKey configured: the client fetches it once from the fake.
    expect((await app.get(AccountsService).names()).length).toBe(sc.fake.data.accounts.length);
    await app.close();
  });

  it('useClass: an options factory class with createSportsCloudOptions()', async () => {
    @Injectable()
    class SportsCloudConfig {
      createSportsCloudOptions(): SportsCloudModuleOptions {
        return { ...sc.options, ...quiet };
      }
    }
    const app = await compile([SportsCloudModule.forRootAsync({ useClass: SportsCloudConfig })]);
    expect(app.get(SportsCloudClient).consumerId).toBe(sc.options.consumerId);
    await app.close();
  });

  it('useExisting: an options factory provided by an imported module', async () => {
    @Injectable()
    class SharedConfig {
      createSportsCloudOptions = async (): Promise<SportsCloudModuleOptions> => ({ ...sc.options, ...quiet });
    }
    @Module({ providers: [SharedConfig], exports: [SharedConfig] })
    class SharedConfigModule {}
    const app = await compile([
      SportsCloudModule.forRootAsync({ imports: [SharedConfigModule], useExisting: SharedConfig }),
    ]);
    expect(app.get(SportsCloudClient).consumerId).toBe(sc.options.consumerId);
    await app.close();
  });

  it('extraProviders are available to the factory (nestjs/nest#13372, #15661)', async () => {
    const CREDENTIALS = Symbol('credentials');
    const app = await compile([
      SportsCloudModule.forRootAsync({
        extraProviders: [{ provide: CREDENTIALS, useValue: sc.options }],
        inject: [CREDENTIALS],
        useFactory: (credentials: typeof sc.options) => ({ ...credentials, ...quiet }),
      }),
    ]);
    expect(app.get(SportsCloudClient).consumerId).toBe(sc.options.consumerId);
    await app.close();
  });

  it('isGlobal works in the async form (nestjs/cache-manager#349)', async () => {
    @Injectable()
    class FeatureService {
      constructor(readonly client: SportsCloudClient) {}
    }
    // The feature module does not import SportsCloudModule.
    @Module({ providers: [FeatureService], exports: [FeatureService] })
    class FeatureModule {}

    const app = await compile(
      [
        SportsCloudModule.forRootAsync({ isGlobal: true, useFactory: () => ({ ...sc.options, ...quiet }) }),
        FeatureModule,
      ],
      [],
    );
    expect(app.get(FeatureService).client).toBe(app.get(SportsCloudClient));
    await app.close();
  });

  it('without isGlobal, a module that does not import it cannot inject the client', async () => {
    @Injectable()
    class FeatureService {
      constructor(readonly client: SportsCloudClient) {}
    }
    @Module({ providers: [FeatureService] })
    class FeatureModule {}
    await expect(
      compile(
        [SportsCloudModule.forRootAsync({ useFactory: () => ({ ...sc.options, ...quiet }) }), FeatureModule],
        [],
      ),
    ).rejects.toThrow(/SportsCloudClient/);
  });
});

describe('named clients', () => {
  it('registers several consumers side by side, injected by name', async () => {
    const partner = sc.fake.registerConsumer({ consumerName: 'Partner integration', accountIds: 'all' });
    @Injectable()
    class TwoClients {
      constructor(
        @InjectSportsCloudClient('club') readonly club: SportsCloudClient,
        @InjectSportsCloudClient('partner') readonly partner: SportsCloudClient,
      ) {}
    }
    const app = await compile(
      [
        SportsCloudModule.forRoot({ ...sc.options, ...quiet, name: 'club' }),
        SportsCloudModule.forRootAsync({
          name: 'partner',
          useFactory: () => ({ ...partner, baseURL: sc.options.baseURL, ...quiet }),
        }),
      ],
      [TwoClients],
    );
    const both = app.get(TwoClients);
    expect(both.club.consumerId).toBe(sc.options.consumerId);
    expect(both.partner.consumerId).toBe(partner.consumerId);
    expect(both.club).not.toBe(both.partner);
    expect(app.get(getSportsCloudClientToken('club'))).toBe(both.club);
    // Neither is the default client.
    expect(() => app.get(SportsCloudClient)).toThrow();
    const [a, b] = await Promise.all([both.club.accounts.list(), both.partner.accounts.list()]);
    expect(a.length).toBe(b.length);
    await app.close();
  });

  it('shares one client when two registrations name the same consumer', async () => {
    @Injectable()
    class First {
      constructor(readonly client: SportsCloudClient) {}
    }
    @Injectable()
    class Second {
      constructor(@InjectSportsCloudClient('again') readonly client: SportsCloudClient) {}
    }
    @Module({
      imports: [SportsCloudModule.forRootAsync({ useFactory: () => ({ ...sc.options, ...quiet }) })],
      providers: [First],
      exports: [First],
    })
    class FirstModule {}
    @Module({
      imports: [SportsCloudModule.forRoot({ ...sc.options, ...quiet, name: 'again' })],
      providers: [Second],
      exports: [Second],
    })
    class SecondModule {}
    const app = await compile([FirstModule, SecondModule], []);
    expect(app.get(First).client).toBe(app.get(Second).client);
    await app.close();
  });
});

describe('rate-limit store', () => {
  class CountingStore implements RateLimitStore {
    readonly inner = new InMemoryRateLimitStore();
    takes = 0;
    take(...args: Parameters<RateLimitStore['take']>) {
      this.takes += 1;
      return this.inner.take(...args);
    }
    penalise(...args: Parameters<RateLimitStore['penalise']>) {
      return this.inner.penalise(...args);
    }
  }

  it('uses a store the app provides globally under SPORTS_CLOUD_RATE_LIMIT_STORE', async () => {
    const store = new CountingStore();
    @Global()
    @Module({
      providers: [{ provide: SPORTS_CLOUD_RATE_LIMIT_STORE, useValue: store }],
      exports: [SPORTS_CLOUD_RATE_LIMIT_STORE],
    })
    class SharedStoreModule {}
    const app = await compile([SharedStoreModule, SportsCloudModule.forRoot({ ...sc.options, ...quiet })]);
    await app.get(AccountsService).names();
    expect(store.takes).toBe(1);
    await app.close();
  });

  it('uses a store from extraProviders, and one store shared by two consumers keeps their budgets apart', async () => {
    const store = new CountingStore();
    const partner = sc.fake.registerConsumer({ accountIds: 'all' });
    @Injectable()
    class Both {
      constructor(
        @InjectSportsCloudClient('a') readonly a: SportsCloudClient,
        @InjectSportsCloudClient('b') readonly b: SportsCloudClient,
      ) {}
    }
    const storeProvider = { provide: SPORTS_CLOUD_RATE_LIMIT_STORE, useValue: store };
    const app = await compile(
      [
        SportsCloudModule.forRootAsync({
          name: 'a',
          extraProviders: [storeProvider],
          useFactory: () => ({ ...sc.options, ...quiet, rateLimit: { burst: 1, perSecond: 1 } }),
        }),
        SportsCloudModule.forRootAsync({
          name: 'b',
          extraProviders: [storeProvider],
          useFactory: () => ({
            ...partner,
            baseURL: sc.options.baseURL,
            ...quiet,
            rateLimit: { burst: 1, perSecond: 1 },
          }),
        }),
      ],
      [Both],
    );
    const both = app.get(Both);
    const waits: string[] = [];
    both.a.on('wait', (e) => waits.push(`a:${e.reason}`));
    both.b.on('wait', (e) => waits.push(`b:${e.reason}`));
    // One token each: a shared key would make the second call wait a second for a refill.
    await Promise.all([both.a.accounts.list(), both.b.accounts.list()]);
    expect(waits).toEqual([]);
    expect(store.takes).toBe(2);
    await app.close();
  });

  it('an explicit rateLimitStore option wins over the provider', async () => {
    const provided = new CountingStore();
    const explicit = new CountingStore();
    const app = await compile([
      SportsCloudModule.forRootAsync({
        extraProviders: [{ provide: SPORTS_CLOUD_RATE_LIMIT_STORE, useValue: provided }],
        useFactory: () => ({ ...sc.options, ...quiet, rateLimitStore: explicit }),
      }),
    ]);
    await app.get(AccountsService).names();
    expect([provided.takes, explicit.takes]).toEqual([0, 1]);
    await app.close();
  });
});

describe('client events', () => {
  it('the app subscribes to client.on(...) through the injected client', async () => {
    const app = await compile([SportsCloudModule.forRoot({ ...sc.options, ...quiet })]);
    const seen: string[] = [];
    const client = app.get(SportsCloudClient);
    const off = client.on('response', (e) => seen.push(`${e.operation}:${e.status}`));
    await client.accounts.list();
    off();
    await client.accounts.list();
    expect(seen).toEqual(['accounts.list:200']);
    await app.close();
  });
});

describe('injection tokens', () => {
  it('Inject(getSportsCloudClientToken()) is the class token of the default client', () => {
    expect(getSportsCloudClientToken()).toBe(SportsCloudClient);
    expect(getSportsCloudClientToken('club')).toBe('SportsCloudClient:club');
    expect(Inject).toBeTypeOf('function');
  });
});
