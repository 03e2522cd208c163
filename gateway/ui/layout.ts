import type { MiddlewareHandler } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { CSRF_FIELD, type SignedIn } from './session.ts';

/**
 * The dashboard's page frame. Pages are `hono/html` templates: every value
 * interpolated into one is escaped as text, so a record named
 * `<img src=x onerror=…>` shows those characters and nothing runs. `raw` is
 * used only for markup made here. Script and styles come from /ui/assets,
 * never inline, so the CSP allows no inline script at all.
 */

export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Headers of every /ui answer: the CSP, no framing, no sniffing, no caching (a page may show a URL once), and no
 * referrer to other sites. Not `no-referrer`: under it Chromium sends `Origin: null` on the page's own form posts.
 */
export const uiHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('content-security-policy', CSP);
  c.res.headers.set('x-content-type-options', 'nosniff');
  c.res.headers.set('referrer-policy', 'same-origin');
  if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
};

/** The hidden field that carries the session's CSRF token; in every form a signed-in page posts. */
export const csrfField = (signedIn: SignedIn) => html`<input type="hidden" name="${CSRF_FIELD}" value="${signedIn.csrf}" />`;

export interface PageOptions {
  title: string;
  signedIn?: SignedIn | null;
  /** Breadcrumb links before the title: [label, href]. */
  trail?: ReadonlyArray<readonly [string, string]>;
}

export function page({ title, signedIn, trail = [] }: PageOptions, body: Markup): Markup {
  const crumbs = trail.map(([label, href]) => html`<li><a href="${href}">${label}</a></li>`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${title} · roserocket-mcp</title>
<link rel="stylesheet" href="/ui/assets/app.css" />
<script src="/ui/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/ui">roserocket-mcp <span>dashboard</span></a>
  ${signedIn
    ? html`<form method="post" action="/ui/sign-out" class="sign-out">
        ${csrfField(signedIn)}
        <span class="who">Signed in with token “${signedIn.operator.name}”</span>
        <button type="submit" class="link">Sign out</button>
      </form>`
    : ''}
</header>
<main id="main">
  ${crumbs.length ? html`<nav aria-label="Breadcrumb"><ol class="trail">${crumbs}</ol></nav>` : ''}
  <h1>${title}</h1>
  ${body}
</main>
</body>
</html>`;
}

/** A message box: `error` is announced to screen readers as it appears. */
export const notice = (kind: 'error' | 'ok' | 'info', text: Markup | string) =>
  html`<div class="notice ${kind}" ${raw(kind === 'error' ? 'role="alert"' : 'role="status"')}>${text}</div>`;

export const when = (date: string | null | undefined) =>
  date ? html`<time datetime="${date}" data-local>${date.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>` : html`<span class="muted">never</span>`;
