import * as z from 'zod/mini';
import { nonEmpty } from './primitives';

/** A customer account the API consumer may read (type: `Account`). */
export const accountSchema = z.looseObject({
  accountId: nonEmpty(),
  name: z.optional(z.string()),
  authorizedBy: z.optional(z.looseObject({ coachId: z.optional(z.int()) })),
});

/** `GET /sports/accounts`. Not paginated; an empty list means no account has granted access yet. */
export const accountsSchema = z.looseObject({ accounts: z._default(z.array(accountSchema), () => []) });

/** `GET /sports/sports-types` and `GET /sports/event-types`. */
export const stringListSchema = z.array(z.string());

/**
 * `POST /account/register`. `id` (the consumer id) and `sharedSecret` are required: without them the
 * registration is useless. Lengths are not enforced (the spec says 36): a stricter check would throw away
 * a secret that is shown only once.
 */
export const registerResponseSchema = z.looseObject({
  id: nonEmpty(),
  consumerName: z.optional(z.string()),
  sharedSecret: nonEmpty(),
});

/**
 * `GET /account/api-key`. The spec names the field `apiKey`, real responses (and the official samples)
 * use `apikey`: both are accepted and normalised to `{ apiKey }`.
 */
export const apiKeySchema = z.pipe(
  z.looseObject({ apiKey: z.optional(nonEmpty()), apikey: z.optional(nonEmpty()) }).check(
    z.refine((body) => body.apiKey !== undefined || body.apikey !== undefined, {
      message: 'missing (expected a string in apiKey or apikey)',
      path: ['apiKey'],
    }),
  ),
  z.transform(
    ({
      apikey,
      apiKey,
      ...rest
    }: {
      apiKey?: string;
      apikey?: string;
      [key: string]: unknown;
    }): {
      [key: string]: unknown;
      apiKey: string;
    } => ({ ...rest, apiKey: (apiKey ?? apikey) as string }),
  ),
);

/** `GET /account/new-secret`: the new secret, not active until confirmed. */
export const sharedSecretSchema = z.looseObject({ sharedSecret: nonEmpty() });
