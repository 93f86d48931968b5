import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * Serves the web dashboard (apps/dashboard's `vite build`) at `/`: its hashed assets cached for a
 * year, index.html revalidated every time, every dashboard response under a strict CSP. Routes the
 * dashboard does not own (the API, docs, health, metrics) are never answered here.
 */

/** Paths that belong to the service: never the dashboard's, not even as a fallback. */
const SERVICE_PREFIXES = ['/api', '/docs', '/health', '/metrics'];

/**
 * Scripts and styles from this origin only, data from the API on this origin only, no frames or
 * plugins. The dashboard has no inline script; uPlot sets styles through the CSSOM, which CSP allows.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The built dashboard, or undefined when it was not built (the service still serves its API). */
export function dashboardFolder(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@sportscloud/dashboard/package.json');
    const folder = join(dirname(manifest), 'dist');
    return existsSync(join(folder, 'index.html')) ? folder : undefined;
  } catch {
    return undefined;
  }
}

function ownedByService(path: string): boolean {
  return SERVICE_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

function securityHeaders(response: Response) {
  response.setHeader('content-security-policy', DASHBOARD_CSP);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
}

/** Mounts the dashboard on the app; returns false when there is no build to serve. */
export function serveDashboard(app: INestApplication, folder = dashboardFolder()): boolean {
  if (!folder) return false;
  const express = app as NestExpressApplication;
  const sendIndex = (response: Response) => {
    securityHeaders(response);
    response.setHeader('cache-control', 'no-cache');
    // Read per request (the OS caches it): a rebuilt dashboard is served without a restart.
    response.type('html').send(readFileSync(join(folder, 'index.html')));
  };
  express.useStaticAssets(folder, {
    index: false,
    // Vite names every asset by its content hash: a new build gets new names.
    setHeaders: (response, path) => {
      securityHeaders(response as unknown as Response);
      response.setHeader(
        'cache-control',
        relative(folder, path).startsWith(`assets${sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  // The page routes (/, /sessions/…, /athletes/…) all load index.html; the client renders them.
  express.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (ownedByService(request.path) || request.path.includes('.')) return next();
    // Browsers navigating ask for text/html; API clients (curl's */*) keep getting 404s.
    if (!(request.headers.accept ?? '').includes('text/html')) return next();
    sendIndex(response);
  });
  return true;
}
