import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An OAuth error in the RFCs' own shape, `{error, error_description}`
 * (RFC 6749 §5.2, RFC 7591 §3.2.2), which OAuth clients parse; the gateway's
 * `{statusCode, error, message}` envelope is for its own API. The token and
 * registration endpoints answer these; the authorization endpoint carries
 * them back in the redirect, or shows them when it cannot redirect.
 */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly description: string,
  ) {
    super(`${code}: ${description}`);
  }

  toResponse(headers: Record<string, string> = {}): Response {
    return Response.json(
      { error: this.code, error_description: this.description },
      { status: this.status, headers: { 'cache-control': 'no-store', ...headers } },
    );
  }
}
