import { enc, getJson } from './api';
import type { Account, Athlete, Team } from './types';

/** Lists every page needs, fetched once per sign-in. */
let accountList: Promise<Account[]> | undefined;
const athleteLists = new Map<string, Promise<Athlete[]>>();
const teamLists = new Map<string, Promise<Team[]>>();

export function resetAccounts() {
  accountList = undefined;
  athleteLists.clear();
  teamLists.clear();
}

export function accounts(): Promise<Account[]> {
  accountList ??= getJson<{ items: Account[] }>('/api/accounts').then((r) => r.items);
  accountList.catch(() => {
    accountList = undefined;
  });
  return accountList;
}

/** Every page of a list route (1000 a page). */
async function all<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await getJson<{ items: T[]; nextCursor?: string }>(
      `${path}?limit=1000${cursor ? `&cursor=${enc(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export function athletes(accountId: string): Promise<Athlete[]> {
  let list = athleteLists.get(accountId);
  if (!list) {
    list = all<Athlete>(`/api/accounts/${enc(accountId)}/athletes`);
    athleteLists.set(accountId, list);
    list.catch(() => athleteLists.delete(accountId));
  }
  return list;
}

export function teams(accountId: string): Promise<Team[]> {
  let list = teamLists.get(accountId);
  if (!list) {
    list = all<Team>(`/api/accounts/${enc(accountId)}/teams`);
    teamLists.set(accountId, list);
    list.catch(() => teamLists.delete(accountId));
  }
  return list;
}

export function athleteName(a: Athlete | undefined, id: number): string {
  const name = a ? `${a.firstName ?? ''} ${a.lastName ?? ''}`.trim() : '';
  return name || `Athlete ${id}`;
}
