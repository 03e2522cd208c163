/**
 * The seeded organisations and their service-account credentials. Fixed
 * values, so tests, docs and `npm run mock` can name them. Two orgs exist so
 * that tests can prove one account's data is never visible to another.
 */
export interface SeedOrg {
  orgId: string;
  name: string;
  /** Subdomain of the per-org host form (`<org>.roserocket.com`). */
  subdomain: string;
  clientId: string;
  clientSecret: string;
  /** The service account's user. */
  userId: string;
  userEmail: string;
  userFirstName: string;
  /** [choice] the org's timezone, answered by /api/v1/me; the seed's local dates are reckoned in it. */
  timezone: string;
}

export const DEMO_ORG: SeedOrg = {
  orgId: '0f5c2a8e-1b7d-4c3a-9e21-6d8f4b2a7c10',
  name: 'Demo Freight Co',
  subdomain: 'demo',
  clientId: 'demo-client-id',
  clientSecret: 'demo-client-secret',
  userId: '6a1e9c3b-2d4f-4b8a-8c17-3e5f7a9b1d20',
  userEmail: 'dispatch@demo-freight.example',
  userFirstName: 'Dana',
  timezone: 'America/Toronto',
};

export const OTHER_ORG: SeedOrg = {
  orgId: '9b3d7f21-5c8e-4a6b-b4d2-1f7e3c5a9d30',
  name: 'Northwind Haulage',
  subdomain: 'northwind',
  clientId: 'northwind-client-id',
  clientSecret: 'northwind-client-secret',
  userId: '2c8f4a6d-9e1b-4d3c-a5f7-8b2e6d4c1a40',
  userEmail: 'ops@northwind.example',
  userFirstName: 'Noor',
  timezone: 'America/Los_Angeles',
};

export const SEED_ORGS: readonly SeedOrg[] = [DEMO_ORG, OTHER_ORG];
