import * as z from 'zod';

/** A customer account the API consumer may read. `accountId` looks like `"1-1"` or `"3-12345"`. */
export const accountSchema = z.looseObject({
  accountId: z.string().min(1),
  name: z.string().optional(),
  /** The coach who granted this consumer access (examples show `0`). */
  authorizedBy: z.looseObject({ coachId: z.int().optional() }).optional(),
});
export type Account = z.output<typeof accountSchema>;

/** `GET /sports/accounts`. Not paginated; an empty list means no account has granted access yet. */
export const accountsSchema = z.looseObject({ accounts: z.array(accountSchema).default(() => []) });
export type AccountsResponse = z.output<typeof accountsSchema>;

/** `GET /sports/sports-types` and `GET /sports/event-types`. */
export const stringListSchema = z.array(z.string());

/**
 * `POST /account/register`. `id` (the consumer id) and `sharedSecret` are required: without them the
 * registration is useless. Lengths are not enforced (the spec says 36): a stricter check would throw away
 * a secret that is shown only once.
 */
export const registerResponseSchema = z.looseObject({
  id: z.string().min(1),
  consumerName: z.string().optional(),
  sharedSecret: z.string().min(1),
});
export type RegisterResponse = z.output<typeof registerResponseSchema>;

/**
 * `GET /account/api-key`. The spec names the field `apiKey`, real responses (and the official samples)
 * use `apikey`: both are accepted and normalised to `{ apiKey }`.
 */
export const apiKeySchema = z
  .looseObject({ apiKey: z.string().min(1).optional(), apikey: z.string().min(1).optional() })
  .refine((body) => body.apiKey !== undefined || body.apikey !== undefined, {
    message: 'missing (expected a string in apiKey or apikey)',
    path: ['apiKey'],
  })
  .transform(({ apikey, apiKey, ...rest }) => ({ ...rest, apiKey: (apiKey ?? apikey) as string }));
export type ApiKey = z.output<typeof apiKeySchema>;
/** Alias of {@link ApiKey}. */
export type ApiKeyResponse = ApiKey;

/** `GET /account/new-secret`: the new secret, not active until confirmed. */
export const sharedSecretSchema = z.looseObject({ sharedSecret: z.string().min(1) });
export type SharedSecret = z.output<typeof sharedSecretSchema>;
