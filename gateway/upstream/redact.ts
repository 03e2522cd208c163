/**
 * Upstream bodies end up in tool results that a model reads and may repeat,
 * so every excerpt passes through here: credentials out, then capped.
 */
export const EXCERPT_LIMIT = 300;
const REDACTED = '[redacted]';

const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
// `"access_token": "…"`, `access_token=…` and their siblings, in JSON, form or query text.
const CREDENTIAL_FIELD =
  /(["']?\b(?:access_token|refresh_token|id_token|client_secret|password)\b["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s&,;"'}]+)/gi;

/** Removes bearer tokens, credential fields, and every literal `secrets` value (the account's secret, live tokens). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Literal secrets first: a field pattern could otherwise rewrite half of one and hide the rest from the literal pass.
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join(REDACTED);
  }
  return out.replace(BEARER, `Bearer ${REDACTED}`).replace(CREDENTIAL_FIELD, (_, key: string, value: string) => {
    const quote = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
    return `${key}${quote}${REDACTED}${quote}`;
  });
}

/** A short, single-line, credential-free excerpt of an upstream body. */
export function excerpt(text: string, secrets: readonly string[], limit = EXCERPT_LIMIT): string {
  // Redact before cutting, so a cut can never leave a partial secret the patterns no longer recognise.
  const clean = redact(text, secrets).replace(/\s+/g, ' ').trim();
  return clean.length > limit ? `${clean.slice(0, limit - 1)}…` : clean;
}
