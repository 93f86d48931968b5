import { Injectable } from '@nestjs/common';
import { SyncRunner } from '../sync-runner';

/**
 * The sync runner of an instance in a scaled-out deployment: the queue's workers run every sync
 * (this one's included), so it schedules nothing itself; its status still reads the database.
 */
@Injectable()
export class QueuedSyncRunner extends SyncRunner {
  override onApplicationBootstrap(): void {}
}
