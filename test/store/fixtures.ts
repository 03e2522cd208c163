import { createRecords, type AccountInput } from '../../gateway/records/index.ts';
import { createMemoryStore } from '../../gateway/store/memory.ts';
import type { Store } from '../../gateway/store/store.ts';

export const ENCRYPTION_KEY = Buffer.alloc(32, 42).toString('base64');

export function accountInput(overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    name: 'Acme Logistics',
    api_url: 'https://acme.roserocket.test/api/v2/platformModel',
    auth_url: 'https://auth.roserocket.test',
    org_id: 'org-acme',
    user_id: 'user-svc',
    client_id: 'client-acme',
    client_secret: 'very-secret-value-acme',
    ...overrides,
  };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.parse('2030-01-01T00:00:00Z')) {
  let at = start;
  return { now: () => at, advance: (ms: number) => void (at += ms) };
}

/** An MCP server config the records tests create servers with. */
export const SERVER_CONFIG = { methods: ['read'], tags: ['events'], require_api_token_auth: false };

/** Records over `store` (in memory unless given), on a clock the test moves. */
export async function recordsOn(store: Store = createMemoryStore()) {
  const clock = manualClock();
  const records = await createRecords({ store, encryptionKey: ENCRYPTION_KEY, now: clock.now });
  return { store, clock, records };
}
