import { Injectable } from '@nestjs/common';
import { SyncRunner } from '../sync-runner';

/**
 * The sync runner of an instance in a scaled-out deployment: the queue's workers run every sync
 * (this one's included), so it schedules nothing itself; its status still reads the database. One
 * exception: a process that shows its own consumer's sync (`ownSync`: `--quickstart`) runs that
 * consumer's boot sync here, and the queue's boot enqueue leaves the consumer out (SyncQueue).
 */
@Injectable()
export class QueuedSyncRunner extends SyncRunner {
  override onApplicationBootstrap(): void {
    if (this.ownSync !== undefined && this.syncAtBoot) void this.trigger('boot');
  }
}
