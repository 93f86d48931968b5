import type * as z from 'zod/mini';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../decoders/limits';
import { type DecodeMemo, decodeResultsMemoised } from '../decoders/results';
import type { Decoded } from '../decoders/types';
import { PagedList } from '../pagination';
import type { ApiRequest, CallOptions, Transport } from '../transport/types';
import {
  buildPath,
  buildQuery,
  type CheckedPath,
  PATH_PARAMS,
  type PathParamKey,
  type PathParamsOf,
  type QueryKey,
  type QueryParams,
  type ResultsFormat,
  requireParams,
} from './params';
import { parseResponse } from './parse';
import type { ResultsKind } from './results/size-estimates';
import { fetchSplitResults, type ResultsSplitting, type SplitRequest } from './results/split-results';

/** A GET endpoint: its operation name, path template (`{name}` placeholders), query keys and response. */
export interface EndpointDefinition<Path extends string, Q extends QueryKey, S extends z.ZodMiniType> {
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
  definition: EndpointDefinition<string, QueryKey, z.ZodMiniType>,
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

async function fetchParsed<S extends z.ZodMiniType>(
  transport: Transport,
  request: ApiRequest,
  schema: S,
  options: CallOptions | undefined,
  decode?: { memo: DecodeMemo; limits: Required<DecodeLimits> },
  prepare?: (body: unknown) => unknown,
): Promise<z.output<S>> {
  const parse = async (body: unknown) => {
    const parsed = parseResponse(schema, prepare ? prepare(body) : body, request.operation);
    // Decoding inside the attempt proves every series intact (a corrupt one is retried); the
    // decoded variables go to the call's memo, so decoding the (possibly merged) body is free.
    if (decode) await decodeResultsMemoised(parsed, decode.memo, decode.limits);
    return parsed;
  };
  return (await transport.send({ ...request, parse }, options)) as z.output<S>;
}

/** An endpoint answering one validated body. */
export function defineGet<const Path extends string, S extends z.ZodMiniType, Q extends QueryKey = never>(
  definition: EndpointDefinition<Path, Q, S>,
): Call<EndpointParams<Path, Q>, Promise<z.output<S>>> {
  return async (transport, params, options) =>
    fetchParsed(transport, buildRequest(definition, params), definition.response, options);
}

/** The query every results endpoint takes: `var` (from `vars`) and `format`. */
export const RESULTS_QUERY = ['vars', 'format'] as const;

/** What a results call needs besides the transport: the client's split mechanism and size estimates. */
export interface ResultsContext {
  readonly transport: Transport;
  readonly splitting: ResultsSplitting;
  /** Caps on what one response's series decode to (client option `decodeLimits`). */
  readonly decodeLimits?: Required<DecodeLimits>;
}

export interface ResultsDefinition<Path extends string, Q extends QueryKey, S extends z.ZodMiniType>
  extends EndpointDefinition<Path, Q, S> {
  /** One athlete's body (`variables` at the top) or a session's (`measurements[].variables`). */
  readonly kind: ResultsKind;
  /** Why nothing more can be done when one variable alone is too large (for the error message). */
  readonly oneVariableTooLarge?: string;
  /**
   * Ids the request already names (`sessionId` of session results, `lapId` of lap results, …): the body
   * need not repeat them (the spec makes every field optional); absent ones are filled in from the request,
   * at the top (measurement results) or in each `measurements[]` item (session results).
   */
  readonly fromRequest?: readonly PathParamKey[];
}

/** Another way to get one variable that is too large on its own (see `SplitRequest.oneVariable`). */
export type OneVariableFallback<B> = NonNullable<SplitRequest<B>['oneVariable']>;

export interface ResultsEndpoint<P, B> {
  /** Fetches the results (split as needed to stay under the response limit) and decodes their series. */
  (
    context: ResultsContext,
    params: P,
    options?: CallOptions,
    fallback?: OneVariableFallback<B>,
  ): Promise<Decoded<B>>;
  /** As the call, but returns the validated body with its series not decoded. */
  raw(
    context: ResultsContext,
    params: P,
    options?: CallOptions,
    fallback?: OneVariableFallback<B>,
  ): Promise<B>;
}

/**
 * A results endpoint: validated, split when the response would be too large (see
 * `fetchSplitResults`), then its time series decoded once. 202/204 are the transport's business.
 */
export function defineResults<const Path extends string, S extends z.ZodMiniType, Q extends QueryKey = never>(
  definition: ResultsDefinition<Path, Q, S>,
): ResultsEndpoint<EndpointParams<Path, Q>, z.output<S>> {
  type B = z.output<S>;
  const fetchRaw = async (
    context: ResultsContext,
    params: EndpointParams<Path, Q>,
    options: CallOptions | undefined,
    fallback: OneVariableFallback<B> | undefined,
    memo: DecodeMemo,
  ): Promise<B> => {
    // Validated before anything is sent; the parts differ from it only in `var` and `format`.
    buildRequest(definition, params, true);
    const values = params as Readonly<Record<string, unknown>>;
    const known = knownIds(definition.fromRequest, values);
    return fetchSplitResults<B>(context.splitting, {
      operation: definition.operation,
      kind: definition.kind,
      vars: variableList(values.vars),
      format: values.format as ResultsFormat | undefined,
      ...(Array.isArray(values.athleteIds) ? { athletes: new Set(values.athleteIds.map(Number)).size } : {}),
      ...(options?.signal ? { signal: options.signal } : {}),
      ...(options?.deadline !== undefined ? { deadline: options.deadline } : {}),
      fetch: (vars, format, signal) => {
        const { vars: _vars, format: _format, ...rest } = values;
        const part = { ...rest, ...(vars ? { vars } : {}), ...(format ? { format } : {}) };
        const request = buildRequest(definition, part, true);
        return fetchParsed(
          context.transport,
          request,
          definition.response,
          { ...options, signal },
          { memo, limits: context.decodeLimits ?? DEFAULT_DECODE_LIMITS },
          known ? (body) => withKnownIds(body, definition.kind, known) : undefined,
        );
      },
      ...(fallback ? { oneVariable: fallback } : {}),
      ...(definition.oneVariableTooLarge ? { oneVariableTooLarge: definition.oneVariableTooLarge } : {}),
    });
  };
  const raw = (
    context: ResultsContext,
    params: EndpointParams<Path, Q>,
    options?: CallOptions,
    fallback?: OneVariableFallback<B>,
  ) => fetchRaw(context, params, options, fallback, new WeakMap());
  const call = async (
    context: ResultsContext,
    params: EndpointParams<Path, Q>,
    options?: CallOptions,
    fallback?: OneVariableFallback<B>,
  ): Promise<Decoded<B>> => {
    const memo: DecodeMemo = new WeakMap();
    const body = await fetchRaw(context, params, options, fallback, memo);
    return decodeResultsMemoised(body, memo, context.decodeLimits ?? DEFAULT_DECODE_LIMITS);
  };
  return Object.assign(call, { raw });
}

/** The request's ids named in `keys`, as numbers (already validated by `buildRequest`). */
function knownIds(
  keys: readonly PathParamKey[] | undefined,
  params: Readonly<Record<string, unknown>>,
): Readonly<Record<string, number>> | undefined {
  if (!keys || keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((key) => [key, Number(PATH_PARAMS[key](params[key], key))]));
}

/** The body with the request's ids filled in where it leaves them out; never overrides what it says. */
function withKnownIds(body: unknown, kind: ResultsKind, known: Readonly<Record<string, number>>): unknown {
  const fill = (item: unknown): unknown => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const missing = Object.keys(known).filter((key) => (item as Record<string, unknown>)[key] === undefined);
    if (missing.length === 0) return item;
    return { ...item, ...Object.fromEntries(missing.map((key) => [key, known[key]])) };
  };
  if (kind === 'measurement') return fill(body);
  if (typeof body !== 'object' || body === null) return body;
  const items = (body as { measurements?: unknown }).measurements;
  return Array.isArray(items) ? { ...body, measurements: items.map(fill) } : body;
}

/** `vars` as a list of distinct names (a string is taken as the comma-separated list it is sent as). */
function variableList(vars: unknown): readonly string[] | undefined {
  if (vars === undefined || vars === null) return undefined;
  const names = typeof vars === 'string' ? vars.split(',') : (vars as readonly string[]);
  return [...new Set(names.map((name) => name.trim()).filter((name) => name !== ''))];
}

/** The item type of the array under `K` of a page body. */
export type ItemOf<B, K extends PropertyKey> = B extends { readonly [P in K]: readonly (infer T)[] }
  ? T
  : never;

export interface ListDefinition<
  Path extends string,
  Q extends QueryKey,
  S extends z.ZodMiniType,
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
  S extends z.ZodMiniType<{ readonly more: boolean }>,
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
