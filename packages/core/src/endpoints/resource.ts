import type { Transport } from '../transport/types';

/** Base of every resource: holds the transport that sends its requests. */
export abstract class APIResource {
  protected readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }
}
