/**
 * Issued OAuth tokens, in memory. Tokens are opaque random strings (not
 * JWTs): clients must treat Rose Rocket's tokens as opaque anyway, and
 * nothing in the gateway may depend on decoding them.
 */

export interface TokenSubject {
  orgId: string;
  userId: string;
  clientId: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export type AccessCheck =
  | { state: 'valid'; subject: TokenSubject }
  | { state: 'expired' }
  | { state: 'unknown' };

/** Expired access tokens are remembered this long, so a client is told "expired" rather than "unknown". */
const EXPIRED_MEMORY_MS = 60 * 60 * 1000;

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export class TokenStore {
  readonly #access = new Map<string, { subject: TokenSubject; expiresAt: number }>();
  // Refresh tokens do not expire (Auth0's default for non-rotating tokens); reset() forgets them.
  readonly #refresh = new Map<string, TokenSubject>();

  constructor(private readonly now: () => number) {}

  issue(subject: TokenSubject, lifetimeSeconds: number): IssuedTokens {
    const refreshToken = randomToken();
    this.#refresh.set(refreshToken, subject);
    return { ...this.#issueAccess(subject, lifetimeSeconds), refreshToken };
  }

  /** A new access token for a client's refresh token; the refresh token stays valid and is handed back. */
  refresh(refreshToken: string, clientId: string, lifetimeSeconds: number): IssuedTokens | null {
    const subject = this.#refresh.get(refreshToken);
    if (!subject || subject.clientId !== clientId) return null;
    return { ...this.#issueAccess(subject, lifetimeSeconds), refreshToken };
  }

  check(accessToken: string): AccessCheck {
    const entry = this.#access.get(accessToken);
    if (!entry) return { state: 'unknown' };
    if (this.now() >= entry.expiresAt) return { state: 'expired' };
    return { state: 'valid', subject: entry.subject };
  }

  /** Every access token issued so far stops working; refresh tokens and new grants still work. */
  expireAll(): void {
    const now = this.now();
    for (const entry of this.#access.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
  }

  clear(): void {
    this.#access.clear();
    this.#refresh.clear();
  }

  #issueAccess(subject: TokenSubject, lifetimeSeconds: number) {
    const now = this.now();
    for (const [token, entry] of this.#access) {
      if (entry.expiresAt + EXPIRED_MEMORY_MS < now) this.#access.delete(token);
    }
    const accessToken = randomToken();
    this.#access.set(accessToken, { subject, expiresAt: now + lifetimeSeconds * 1000 });
    return { accessToken, expiresIn: lifetimeSeconds };
  }
}
