import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { SyncRunner } from '../sync-runner';
import { SyncQueue } from './sync-queue';

/**
 * The sync runner of an instance in a scaled-out deployment: the queue's workers run every sync
 * (this one's included), so it schedules nothing itself; its status still reads the database. One
 * exception: a process that shows its own consumer's sync (`ownSync`: `--quickstart`) runs that
 * consumer's boot sync here, and the queue's boot enqueue leaves the consumer out (SyncQueue). If
 * that run fails, the consumer is queued after all, so the queue's retries take over.
 */
@Injectable()
export class QueuedSyncRunner extends SyncRunner {
  // A property, not a constructor parameter: the base class's parameters stay where they are.
  @Optional() @Inject(SyncQueue) private readonly queue?: SyncQueue;

  override onApplicationBootstrap(): void {
    const consumerId = this.ownSync;
    if (consumerId === undefined || !this.syncAtBoot) return;
    void this.trigger('boot').done.then(async (report) => {
      if ((report && report.state !== 'failed') || this.stopping || !this.queue) return;
      try {
        await this.queue.enqueue(consumerId);
      } catch (error) {
        new Logger('QueuedSyncRunner').warn(`could not queue ${consumerId} after its run failed: ${error}`);
      }
    });
  }
}
