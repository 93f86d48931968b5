/** History-API routing over a few path patterns; the service answers every page path with index.html. */

export interface Route {
  pattern: RegExp;
  keys: string[];
  render: (context: PageContext) => Promise<void> | void;
}

export interface PageContext {
  main: HTMLElement;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Aborted when the user leaves the page: pending requests and timers stop. */
  signal: AbortSignal;
}

/** `/accounts/:accountId/sessions/:sessionId` → a route. */
export function route(path: string, render: Route['render']): Route {
  const keys: string[] = [];
  const source = path.replace(/:(\w+)/g, (_, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}/?$`), keys, render };
}

export function match(routes: Route[], pathname: string) {
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (m) {
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => {
        params[k] = decodeURIComponent(m[i + 1]!);
      });
      return { route: r, params };
    }
  }
  return undefined;
}

export function navigate(url: string, replace = false) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event('dashboard:navigate'));
}
