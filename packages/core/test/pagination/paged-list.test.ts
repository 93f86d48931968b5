import { describe, expect, it } from 'vitest';
import { createResources } from '../../src/endpoints';
import { PaginationError } from '../../src/errors';
import type { ApiRequest } from '../../src/transport/types';
import { recordingTransport } from '../endpoints/recording-transport';

const athletes = (...ids: number[]) => ids.map((athleteId) => ({ athleteId }));

/** A server with `total` athletes, serving `size` per page from the requested offset. */
function server(total: number, size: number) {
  return (request: ApiRequest) => {
    const offset = Number(request.query?.offset ?? 0);
    const ids = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => offset + i + 1);
    return { more: offset + size < total, athletes: athletes(...ids) };
  };
}

function list(respond: Parameters<typeof recordingTransport>[0], options?: { timeout?: number }) {
  const recording = recordingTransport(respond);
  const paged = createResources(recording.transport).athletes.list({ accountId: '1-1' }, options);
  return { paged, ...recording };
}

describe('PagedList', () => {
  it('follows `more` to the end, asking for offset = items received so far', async () => {
    const { paged, calls } = list(server(7, 3));
    const ids: number[] = [];
    for await (const athlete of paged) ids.push(athlete.athleteId);

    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(calls.map((c) => c.request.query)).toEqual([undefined, { offset: 3 }, { offset: 6 }]);
    expect(calls.every((c) => c.request.path === '/sports/accounts/1-1/athletes')).toBe(true);
  });

  it('uses the number actually received, not a fixed page size, for the next offset', async () => {
    const { paged, calls } = list([
      { more: true, athletes: athletes(1, 2) },
      { more: true, athletes: athletes(3, 4, 5) },
      { more: false, athletes: athletes(6) },
    ]);
    expect((await paged.toArray()).map((a) => a.athleteId)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(calls.map((c) => c.request.query?.offset)).toEqual([undefined, 2, 5]);
  });

  it('gives pages one at a time with their offset and `more`', async () => {
    const { paged } = list(server(5, 2));
    const pages = [];
    for await (const page of paged.pages())
      pages.push({ ...page, items: page.items.map((a) => a.athleteId) });
    expect(pages).toEqual([
      { items: [1, 2], offset: 0, more: true },
      { items: [3, 4], offset: 2, more: true },
      { items: [5], offset: 4, more: false },
    ]);
  });

  it('is lazy: no request until iterated, and only as many pages as consumed', async () => {
    const { paged, calls } = list(server(10, 3));
    expect(calls).toHaveLength(0);
    for await (const athlete of paged) {
      if (athlete.athleteId === 2) break;
    }
    expect(calls).toHaveLength(1);
  });

  it('starts again from the first page on each iteration', async () => {
    const { paged, calls } = list(server(4, 3));
    expect(await paged.toArray()).toHaveLength(4);
    expect(await paged.toArray()).toHaveLength(4);
    expect(calls.map((c) => c.request.query?.offset)).toEqual([undefined, 3, undefined, 3]);
  });

  it('returns an empty list for an empty account', async () => {
    const { paged, calls } = list([{ more: false, athletes: [] }]);
    expect(await paged.toArray()).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('forwards the call options to every page request', async () => {
    const signal = new AbortController().signal;
    const options = { signal, timeout: 2000, maxRetries: 1 };
    const { paged, calls } = list(server(5, 2), options);
    await paged.toArray();
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(call.options).toBe(options);
  });

  it('keeps the filters on every page', async () => {
    const { transport, calls } = recordingTransport([
      { more: true, measurements: [{ measurementId: 1, athleteId: 1 }] },
      { more: false, measurements: [{ measurementId: 2, athleteId: 1 }] },
    ]);
    await createResources(transport)
      .measurements.list({ accountId: '1-1', athleteId: 1, sportsType: 'running', includeLaps: true })
      .toArray();
    expect(calls.map((c) => c.request.query)).toEqual([
      { sportsType: 'running', includeLaps: true },
      { sportsType: 'running', includeLaps: true, offset: 1 },
    ]);
  });

  it('throws PaginationError on `more: true` with no items instead of looping', async () => {
    const { paged, calls } = list([
      { more: true, athletes: athletes(1, 2) },
      { more: true, athletes: [] },
    ]);
    const error = await paged.toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/athletes\.list.*offset 2/);
    expect(calls).toHaveLength(2);
  });

  it('throws PaginationError when a page repeats what was received (server ignoring offset)', async () => {
    const { paged, calls } = list(() => ({ more: true, athletes: athletes(1, 2, 3) }));
    const seen: number[] = [];
    const error = await (async () => {
      for await (const athlete of paged) seen.push(athlete.athleteId);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect(seen).toEqual([1, 2, 3]);
    expect(calls).toHaveLength(2);
  });

  it('throws PaginationError for a repeated last page too, rather than returning it twice', async () => {
    const { paged } = list([
      { more: true, athletes: athletes(1, 2) },
      { more: false, athletes: athletes(1, 2) },
    ]);
    await expect(paged.toArray()).rejects.toBeInstanceOf(PaginationError);
  });

  it('skips single items repeated across pages (data shifted between requests) but keeps the rest', async () => {
    const { paged, calls } = list([
      { more: true, athletes: athletes(1, 2, 3) },
      { more: true, athletes: athletes(3, 4, 5) },
      { more: false, athletes: athletes(6) },
    ]);
    expect((await paged.toArray()).map((a) => a.athleteId)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(calls.map((c) => c.request.query?.offset)).toEqual([undefined, 3, 6]);
  });

  it('stops at the first error of a page request', async () => {
    const boom = new Error('network down');
    const { paged, calls } = list((_, index) => {
      if (index === 1) throw boom;
      return { more: true, athletes: athletes(1) };
    });
    await expect(paged.toArray()).rejects.toBe(boom);
    expect(calls).toHaveLength(2);
  });
});
