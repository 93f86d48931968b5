import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { canSee, hasScope, type Principal, type Scope, type TokenStore } from './tokens';
import { TOKENS } from './tokens-di';

const PUBLIC = 'service:public';
const SCOPE = 'service:scope';

/** The only route without a token: liveness. */
export const Public = () => SetMetadata(PUBLIC, true);
/** The scope a route needs (`admin` includes the others). */
export const RequireScope = (scope: Scope) => SetMetadata(SCOPE, scope);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) =>
    (ctx.switchToHttp().getRequest<Request>() as AuthedRequest).principal,
);

export type AuthedRequest = Request & { principal: Principal };

/**
 * Every route needs a bearer token unless marked {@link Public}: 401 without a valid one, 403 when
 * its scope or accounts do not cover the route (a path's `accountId` is checked here, before any
 * handler runs, so another account's data is never read).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TOKENS) private readonly tokens: TokenStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]{1,200})$/.exec(header) : null;
    const principal = match ? await this.tokens.verify(match[1]!) : undefined;
    if (!principal) {
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'a valid bearer token is required (create one with `token create`)',
      });
    }
    request.principal = principal;
    const scope = this.reflector.getAllAndOverride<Scope>(SCOPE, targets) ?? 'read';
    if (!hasScope(principal, scope)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: `this route needs the ${scope} scope`,
      });
    }
    const accountId = request.params?.accountId;
    if (typeof accountId === 'string' && !canSee(principal, accountId)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: 'this token does not cover that account',
      });
    }
    return true;
  }
}
