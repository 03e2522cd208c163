import type { Context } from 'hono';
import type { MockEnv } from '../../env.ts';
import type { DataOptions, MockData } from '../contract.ts';
import type { WriteContext } from '../records.ts';
import type { OrgData } from '../store.ts';
import { newUuid } from '../uuid.ts';

export interface RouteDeps {
  data: MockData;
  options: DataOptions;
}

export const orgOf = (c: Context<MockEnv>, deps: RouteDeps): OrgData => deps.data.org(c.get('orgId'));

export const nowIso = (deps: RouteDeps): string => new Date(deps.options.now()).toISOString();

/** Who writes and when, for a write made through the API. */
export function writeContext(c: Context<MockEnv>, deps: RouteDeps, boardId?: string | null): WriteContext {
  return { userId: c.get('userId'), now: nowIso(deps), newId: newUuid, source: 'api', boardId: boardId ?? null };
}
