/**
 * What the auth middleware puts on every authenticated API request: the org
 * and user the Bearer token was issued for. Data routes scope everything to
 * `orgId`; one org can never see another's records.
 */
export interface MockVariables {
  orgId: string;
  userId: string;
}

export interface MockEnv {
  Variables: MockVariables;
}
