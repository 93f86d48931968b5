import type { z } from 'zod';
import { type Decoded, decodeResults } from '../decoders';
import { PagedList } from '../pagination';
import type { ApiRequest, CallOptions, Transport } from '../transport/types';
import {
  buildPath,
  buildQuery,
  type CheckedPath,
  type PathParamsOf,
  type QueryKey,
  type QueryParams,
  requireParams,
} from './params';
import { parseResponse } from './parse';

/** A GET endpoint: its operation name, path template (`{name}` placeholders), query keys and response. */
export interface EndpointDefinition<Path extends string, Q extends QueryKey, S extends z.ZodType> {
  /** Stable operation name, e.g. `'athletes.get'`. */
  readonly operation: string;
  /** Path template below `/v1`, e.g. `'/sports/accounts/{accountId}/athletes/{athleteId}'`. */
  readonly path: Path & CheckedPath<Path>;
  /** Query parameters it takes, by SDK name. */
  readonly query?: readonly Q[];
  /** Schema of the 200 body (for lists: of one page). */
  readonly response: S;
}

/** Path parameters from the template plus the optional query parameters. */
export type EndpointParams<Path extends string, Q extends QueryKey> = PathParamsOf<Path> & {
  readonly [K in Q]?: QueryParams[K];
};

type Call<P, R> = (transport: Transport, params: P, options?: CallOptions) => R;

/** Validates `params` and builds the request; throws InvalidArgumentError before anything is sent. */
function buildRequest(
  definition: EndpointDefinition<string, QueryKey, z.ZodType>,
  params: unknown,
  results = false,
): ApiRequest {
  const values = requireParams(params, definition.operation);
  const query = buildQuery(definition.query ?? [], values);
  return {
    operation: definition.operation,
    method: 'GET',
    path: buildPath(definition.path, values),
    ...(Object.keys(query).length > 0 ? { query } : {}),
    // Every /sports/* endpoint needs the JWT and the API key.
    auth: 'jwt+key',
    ...(results ? { results: true } : {}),
  };
}

async function fetchParsed<S extends z.ZodType>(
  transport: Transport,
  request: ApiRequest,
  schema: S,
  options: CallOptions | undefined,
): Promise<z.output<S>> {
  const body = await transport.send(request, options);
  return parseResponse(schema, body, request.operation);
}

/** An endpoint answering one validated body. */
export function defineGet<const Path extends string, S extends z.ZodType, Q extends QueryKey = never>(
  definition: EndpointDefinition<Path, Q, S>,
): Call<EndpointParams<Path, Q>, Promise<z.output<S>>> {
  return async (transport, params, options) =>
    fetchParsed(transport, buildRequest(definition, params), definition.response, options);
}

/** A results endpoint: validated, then its time series decoded. 202/204 are the transport's business. */
export function defineResults<const Path extends string, S extends z.ZodType, Q extends QueryKey = never>(
  definition: EndpointDefinition<Path, Q, S>,
): Call<EndpointParams<Path, Q>, Promise<Decoded<z.output<S>>>> {
  return async (transport, params, options) =>
    decodeResults(
      await fetchParsed(transport, buildRequest(definition, params, true), definition.response, options),
    );
}

/** The item type of the array under `K` of a page body. */
export type ItemOf<B, K extends PropertyKey> = B extends { readonly [P in K]: readonly (infer T)[] }
  ? T
  : never;

export interface ListDefinition<
  Path extends string,
  Q extends QueryKey,
  S extends z.ZodType,
  K extends string,
> extends EndpointDefinition<Path, Q, S> {
  /** The page's array of items, e.g. `'athletes'`. */
  readonly items: K;
  /** The item's id, to drop repeats and detect a server that ignores `offset`. */
  readonly id: (item: ItemOf<z.output<S>, K>) => number;
}

/** A paginated endpoint: parameters are validated at call time, pages are requested when iterated. */
export function defineList<
  const Path extends string,
  S extends z.ZodType<{ readonly more: boolean }>,
  const K extends string,
  Q extends QueryKey = never,
>(
  definition: ListDefinition<Path, Q, S, K>,
): Call<EndpointParams<Path, Q>, PagedList<ItemOf<z.output<S>, K>>> {
  type T = ItemOf<z.output<S>, K>;
  return (transport, params, options) => {
    const request = buildRequest(definition, params);
    return new PagedList<T>(
      async (offset) => {
        // The first page goes without `offset`; later ones carry the number of items received so far.
        const query = offset > 0 ? { ...request.query, offset } : request.query;
        const body = await fetchParsed(
          transport,
          { ...request, ...(query ? { query } : {}) },
          definition.response,
          options,
        );
        return { items: (body as Record<K, readonly T[]>)[definition.items], more: body.more };
      },
      { operation: definition.operation, idOf: definition.id },
    );
  };
}
