import { html, raw } from 'hono/html';
import type { CallEntry, CallOutcome } from '../call-log/call-log.ts';
import { CALL_OUTCOMES } from '../call-log/call-log.ts';
import type { Markup } from './layout.ts';

/**
 * The Activity tab's two small charts, drawn on the server as SVG (no
 * script, no library): calls per hour by outcome over the last 24 hours,
 * and the rate-limit figures upstream reported over the same hours. Each
 * has a text summary for screen readers; the numbers are in the table too.
 */

const HOURS = 24;
const HOUR_MS = 3_600_000;
const W = 480;
const H = 120;
const PAD = 18;

export const OUTCOME_LABELS: Record<CallOutcome, string> = {
  ok: 'ok',
  tool_error: 'tool error',
  upstream_error: 'upstream error',
  rate_limited: 'rate limited',
  refused: 'refused',
  internal_error: 'internal error',
};

function buckets(entries: readonly CallEntry[], now: number) {
  const start = Math.floor(now / HOUR_MS) * HOUR_MS - (HOURS - 1) * HOUR_MS;
  const counts = Array.from({ length: HOURS }, () => Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>);
  const remaining: (number | null)[] = Array.from({ length: HOURS }, () => null);
  let limit: number | null = null;
  // Entries come newest first: the first figure met in an hour is its last one.
  for (const entry of entries) {
    const slot = Math.floor((Date.parse(entry.at) - start) / HOUR_MS);
    if (slot < 0 || slot >= HOURS) continue;
    counts[slot]![entry.outcome]++;
    if (entry.ratelimit?.remaining != null && remaining[slot] === null) remaining[slot] = entry.ratelimit.remaining;
    if (entry.ratelimit?.limit != null && limit === null) limit = entry.ratelimit.limit;
  }
  return { start, counts, remaining, limit };
}

const hourLabel = (ms: number) => `${String(new Date(ms).getUTCHours()).padStart(2, '0')}:00`;

export function activityCharts(entries: readonly CallEntry[], now: number): Markup {
  const { start, counts, remaining, limit } = buckets(entries, now);
  const totals = counts.map((c) => CALL_OUTCOMES.reduce((sum, o) => sum + c[o], 0));
  const max = Math.max(1, ...totals);
  const slot = (W - 2 * PAD) / HOURS;
  const bars: string[] = [];
  counts.forEach((c, i) => {
    let y = H - PAD;
    for (const outcome of CALL_OUTCOMES) {
      if (c[outcome] === 0) continue;
      const h = (c[outcome] / max) * (H - 2 * PAD);
      y -= h;
      bars.push(`<rect class="${outcome}" x="${(PAD + i * slot + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${(slot - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${hourLabel(start + i * HOUR_MS)} UTC: ${c[outcome]} ${OUTCOME_LABELS[outcome]}</title></rect>`);
    }
  });
  const axis = `<line class="axis" x1="${PAD}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}"/>` +
    [0, 6, 12, 18, 23].map((i) => `<text x="${PAD + i * slot}" y="${H - 4}">${hourLabel(start + i * HOUR_MS)}</text>`).join('') +
    `<text x="${PAD}" y="12">${max} calls/h</text>`;
  const total = totals.reduce((a, b) => a + b, 0);
  const byOutcome = CALL_OUTCOMES.map((o) => [o, counts.reduce((sum, c) => sum + c[o], 0)] as const).filter(([, n]) => n > 0);
  const summary = `${total} ${total === 1 ? 'call' : 'calls'} in the last 24 hours${byOutcome.length ? `: ${byOutcome.map(([o, n]) => `${n} ${OUTCOME_LABELS[o]}`).join(', ')}` : ''}`;

  const known = remaining.map((r, i) => [i, r] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  const top = Math.max(1, limit ?? 0, ...known.map(([, r]) => r));
  const points = known.map(([i, r]) => `${(PAD + (i + 0.5) * slot).toFixed(1)},${(H - PAD - (r / top) * (H - 2 * PAD)).toFixed(1)}`).join(' ');
  const rateSummary = known.length
    ? `Upstream rate limit: ${known[known.length - 1]![1]} of ${limit ?? '?'} requests left at the last call`
    : 'No rate-limit figures reported by upstream in the last 24 hours';

  return html`<div class="grid">
    <figure class="card">
      <figcaption><strong>Calls per hour by outcome</strong> <span class="muted">(last 24 h, UTC)</span></figcaption>
      <svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${summary}">${raw(axis + bars.join(''))}</svg>
      <ul class="legend">${CALL_OUTCOMES.map((o) => html`<li><i class="${o}"></i>${OUTCOME_LABELS[o]}</li>`)}</ul>
      <p class="muted">${summary}</p>
    </figure>
    <figure class="card">
      <figcaption><strong>Upstream rate limit: requests left</strong> <span class="muted">(last figure each hour)</span></figcaption>
      <svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${rateSummary}">${raw(axis.replace(/>\d+ calls\/h</, `>${top} left<`))}${known.length ? raw(`<polyline class="line" points="${points}" />${known.map(([i, r]) => `<circle class="ok" cx="${(PAD + (i + 0.5) * slot).toFixed(1)}" cy="${(H - PAD - (r / top) * (H - 2 * PAD)).toFixed(1)}" r="2.5"><title>${r} left</title></circle>`).join('')}`) : ''}</svg>
      <p class="muted">${rateSummary}</p>
    </figure>
  </div>`;
}
