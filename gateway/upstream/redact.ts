/**
 * Upstream bodies end up in tool results that a model reads and may repeat,
 * so every excerpt passes through here: credentials out, then capped.
 */
export const EXCERPT_LIMIT = 300;
/** The most of an upstream `message` passed on: Rose Rocket's are a sentence or a few validation lines. */
export const MESSAGE_LIMIT = 500;
const REDACTED = '[redacted]';

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
// `"access_token": "…"`, `access_token=…` and their siblings, in JSON, form or query text.
const CREDENTIAL_FIELD =
  /(["']?\b(?:access_token|refresh_token|id_token|client_secret|password)\b["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s&,;"'}]+)/gi;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const utf8 = new TextEncoder();

/**
 * The base64 of `secret` wherever it sits in a longer encoded text (as in a
 * `Basic` header of `client_id:client_secret`): at each of the three byte
 * alignments, the characters that depend on the secret's bytes alone. In
 * standard and URL-safe alphabets.
 */
function base64Forms(secret: string): string[] {
  const bytes = utf8.encode(secret);
  const forms: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = new Uint8Array(shift + bytes.length);
    padded.set(bytes, shift);
    const encoded = base64(padded);
    const core = encoded.slice(shift === 0 ? 0 : 4, Math.floor(padded.length / 3) * 4);
    // Too short a core would match by chance; the secret's other forms still apply.
    if (core.length >= 8) forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/**
 * One pattern per secret for the forms it is likely to be echoed in: as is,
 * in any letter case, JSON-escaped, percent-encoded, and base64.
 * Kept per secret value, and bounded: secrets change only with a token.
 */
const patterns = new Map<string, RegExp[]>();
const MAX_PATTERNS = 256;

function patternsOf(secret: string): RegExp[] {
  let found = patterns.get(secret);
  if (found === undefined) {
    const textual = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
    found = [new RegExp([...textual].map(escape).join('|'), 'gi')];
    const encoded = base64Forms(secret);
    if (encoded.length > 0) found.push(new RegExp(encoded.map(escape).join('|'), 'g'));
    if (patterns.size >= MAX_PATTERNS) patterns.clear();
    patterns.set(secret, found);
  }
  return found;
}

/** The longest text one form of `secret` takes (percent-encoding triples a byte). */
const longestForm = (secrets: readonly string[]) => secrets.reduce((most, s) => Math.max(most, utf8.encode(s).length * 3), 0);

/** Removes bearer and basic credentials, credential fields, and every `secrets` value (the account's secret, live tokens) in its likely forms. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Literal secrets first: a field pattern could otherwise rewrite half of one and hide the rest from the literal pass.
  for (const secret of secrets) {
    if (!secret) continue;
    for (const pattern of patternsOf(secret)) out = out.replace(pattern, REDACTED);
  }
  return out.replace(BEARER, (_, scheme: string) => `${scheme} ${REDACTED}`).replace(CREDENTIAL_FIELD, (_, key: string, value: string) => {
    const quote = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
    return `${key}${quote}${REDACTED}${quote}`;
  });
}

/**
 * A short, single-line, credential-free excerpt of an upstream body. Only a
 * window of the text is looked at, however large the body: what is redacted
 * is what may be shown. Redacted before the cut, so a cut can never leave a
 * partial secret the patterns no longer recognise; and where the window
 * itself cut the text, its last characters (room for one whole secret form)
 * are dropped too, since a form cut there is no longer recognised either.
 */
export function excerpt(text: string, secrets: readonly string[], limit = EXCERPT_LIMIT): string {
  const room = longestForm(secrets) + 64;
  const windowed = text.length > limit + room;
  const window = (windowed ? text.slice(0, 4 * (limit + room)) : text).replace(/\s+/g, ' ').trim().slice(0, limit + 2 * room);
  let clean = redact(window, secrets);
  if (windowed) clean = clean.slice(0, Math.max(0, clean.length - room));
  return clean.length > limit || windowed ? `${clean.slice(0, limit - 1)}…` : clean;
}
