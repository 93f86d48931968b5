import { PaginationError } from '../errors';

/** One page as received, with the items not already seen on an earlier page. */
export interface Page<T> {
  /** Items of this page, in server order, without ids already yielded by an earlier page. */
  readonly items: readonly T[];
  /** The offset this page was requested with (the number of items received before it). */
  readonly offset: number;
  /** Whether the server said more pages follow. */
  readonly more: boolean;
}

/** What a list endpoint answered for one offset. */
export interface RawPage<T> {
  readonly items: readonly T[];
  readonly more: boolean;
}

export interface PagedListOptions<T> {
  /** Operation name for error messages, e.g. `'athletes.list'`. */
  readonly operation: string;
  /** The item's id (`athleteId`, …), used to drop repeats and to detect a server ignoring `offset`. */
  readonly idOf: (item: T) => unknown;
}

/**
 * A list endpoint's items across all its pages. Lazy: nothing is requested until it is iterated, and
 * every iteration starts again from the first page.
 *
 * ```ts
 * for await (const athlete of client.athletes.list({ accountId })) { … }   // item by item
 * for await (const page of client.athletes.list({ accountId }).pages()) { … } // page by page
 * const all = await client.athletes.list({ accountId }).toArray();
 * ```
 *
 * Pages are followed while the server answers `more: true`, each requested with `offset` = the number of
 * items received so far. An item whose id was already received (data shifted between two requests) is
 * skipped. A page that cannot advance — `more: true` with no items, or only items already received (the
 * server ignored `offset`) — throws {@link PaginationError} instead of looping forever or ending short.
 */
export class PagedList<out T> implements AsyncIterable<T> {
  // Items come with their ids, so `T` is only ever produced (a PagedList<Athlete> is a PagedList<unknown>).
  readonly #fetchPage: (offset: number) => Promise<RawPage<T> & { readonly ids: readonly unknown[] }>;
  readonly #operation: string;

  constructor(fetchPage: (offset: number) => Promise<RawPage<T>>, options: PagedListOptions<T>) {
    this.#fetchPage = async (offset) => {
      const page = await fetchPage(offset);
      return { ...page, ids: page.items.map(options.idOf) };
    };
    this.#operation = options.operation;
  }

  /** The pages one at a time: one request per page, made when the page is asked for. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    const operation = this.#operation;
    const seen = new Set<unknown>();
    let offset = 0;
    for (;;) {
      const { items, more, ids } = await this.#fetchPage(offset);
      const fresh = items.filter((_, index) => {
        const id = ids[index];
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      if (items.length === 0 && more) {
        throw new PaginationError(
          `${operation}: the page at offset ${offset} has no items but says more follow; stopping instead of requesting it again forever`,
        );
      }
      if (items.length > 0 && fresh.length === 0) {
        throw new PaginationError(
          `${operation}: the page at offset ${offset} repeats ${items.length} items already received (the server seems to ignore offset); stopping instead of returning a wrong list`,
        );
      }
      yield { items: fresh, offset, more };
      if (!more) return;
      offset += items.length;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Every item of every page. Mind the memory and the request budget on large lists. */
  async toArray(): Promise<T[]> {
    const all: T[] = [];
    for await (const page of this.pages()) all.push(...page.items);
    return all;
  }
}
