import type { INestApplication } from '@nestjs/common';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { TokenStore } from './tokens';
import { TOKENS } from './tokens-di';

/** Swagger UI with its assets and init script (which embeds the document), and the OpenAPI JSON. */
export const DOCS_PATHS = ['/docs', '/docs-json'] as const;

/** What a browser shows (some do) in its sign-in prompt. */
const REALM = 'Sports Cloud sync service API docs: the password is a service token';

/**
 * The token a docs request carries: `Authorization: Bearer <token>` (curl, scripts, Swagger tools),
 * or the password of `Authorization: Basic`, which is what a browser sends after its own sign-in
 * prompt (a page load cannot carry a bearer header). Basic is taken on these read-only routes only:
 * a browser attaches it to requests by itself, so on the API it would let other sites act (CSRF).
 */
export function docsToken(header: string | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const bearer = /^Bearer ([^\s]{1,200})$/.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic ([A-Za-z0-9+/=]{1,400})$/.exec(header);
  if (!basic) return undefined;
  const credentials = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  // Any user name: the token alone says who it is.
  return colon >= 0 ? credentials.slice(colon + 1) : undefined;
}

/**
 * Serves Swagger UI at /docs and the OpenAPI document at /docs-json, both behind a valid token of
 * any scope (they hold no data, but describe the whole API). Without one: 401 with a Basic challenge,
 * so a browser opens its sign-in prompt. Call before anything else is mounted on these paths.
 */
export function serveDocs(app: INestApplication, document: OpenAPIObject): void {
  const tokens = app.get<TokenStore>(TOKENS);
  app.use([...DOCS_PATHS], (request: Request, response: Response, next: NextFunction) => {
    const token = docsToken(request.headers.authorization);
    (token ? tokens.verify(token) : Promise.resolve(undefined)).then((principal) => {
      if (principal) return next();
      response.status(401).setHeader('www-authenticate', `Basic realm="${REALM}", charset="UTF-8"`).json({
        statusCode: 401,
        error: 'Unauthorized',
        message:
          'a valid token is required: `Authorization: Bearer <token>`, or in a browser the sign-in prompt with the token as password',
      });
    }, next);
  });
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
    // No persistAuthorization: it would keep the token in localStorage for good, on the dashboard's origin.
  });
}
