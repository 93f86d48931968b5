import { ConfigurableModuleBuilder, type DynamicModule, type Provider } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { RateLimitStore } from '@sportscloud/core';
import { openClientsOf, SportsCloudConnection } from './sports-cloud.connection';
import type { SportsCloudModuleExtras, SportsCloudModuleOptions } from './sports-cloud.options';
import {
  clientName,
  getSportsCloudClientToken,
  getSportsCloudConnectionToken,
  SPORTS_CLOUD_RATE_LIMIT_STORE,
} from './tokens';

/**
 * Adds the client to the generated module, in both forms alike — `extraProviders` and `isGlobal`
 * are read here rather than by the builder, which would drop them from `forRootAsync`
 * (nestjs/nest#13372, #15661; nestjs/cache-manager#349).
 */
function withClient(definition: DynamicModule, extras: SportsCloudModuleExtras): DynamicModule {
  const name = clientName(extras.name);
  const clientToken = getSportsCloudClientToken(name);
  const connectionToken = getSportsCloudConnectionToken(name);
  const providers: Provider[] = [
    ...(definition.providers ?? []),
    ...(extras.extraProviders ?? []),
    // No dependencies: a singleton of each application even when the options factory is
    // request-scoped, so it can hand every scope the same client and its shutdown hook always runs.
    { provide: connectionToken, useFactory: () => new SportsCloudConnection(name) },
    {
      provide: clientToken,
      useFactory: (
        connection: SportsCloudConnection,
        options: SportsCloudModuleOptions,
        store: RateLimitStore | undefined,
        modules: ModulesContainer,
      ) => connection.client(options, store, openClientsOf(modules)),
      inject: [
        connectionToken,
        MODULE_OPTIONS_TOKEN,
        { token: SPORTS_CLOUD_RATE_LIMIT_STORE, optional: true },
        ModulesContainer,
      ],
    },
  ];
  return {
    ...definition,
    global: extras.isGlobal ?? false,
    providers,
    exports: [...(definition.exports ?? []), clientToken, connectionToken],
  };
}

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<SportsCloudModuleOptions>({ moduleName: 'SportsCloud' })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createSportsCloudOptions')
    .setExtras<SportsCloudModuleExtras>({ isGlobal: false, name: undefined, extraProviders: [] }, withClient)
    .build();

/** What `forRoot` takes: the client's options and the module's extras. */
export type SportsCloudModuleForRootOptions = typeof OPTIONS_TYPE;
/** What `forRootAsync` takes: `imports`, `inject`, `useFactory | useClass | useExisting` and the extras. */
export type SportsCloudModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
