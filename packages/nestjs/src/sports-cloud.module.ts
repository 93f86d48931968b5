import { Module } from '@nestjs/common';
import { ConfigurableModuleClass } from './sports-cloud.module-definition';

/**
 * The Sports Cloud client as a Nest module.
 *
 * ```ts
 * SportsCloudModule.forRoot({ consumerId, sharedSecret, isGlobal: true })
 * SportsCloudModule.forRootAsync({ imports: [ConfigModule], inject: [ConfigService], useFactory: (c) => ({ … }) })
 * SportsCloudModule.forRoot({ name: 'partner', consumerId, sharedSecret }) // @InjectSportsCloudClient('partner')
 * ```
 */
@Module({})
export class SportsCloudModule extends ConfigurableModuleClass {}
