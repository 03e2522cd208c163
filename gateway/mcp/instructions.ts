import { describeFilter, type ToolFilter } from '../access.ts';

/**
 * What an MCP server tells the model once, at the handshake: what this URL
 * lets it do, what "now" is (so "today" and "the last 30 days" mean the same
 * to the model, to the dispatcher and to Rose Rocket), and the conventions
 * every tool shares, said here rather than in each tool's schema.
 */
export function serverInstructions(filter: ToolFilter, now: Date = new Date(), timezone: string | null = null): string {
  return [
    'Tools for the Rose Rocket TMS.',
    `Now: ${nowIn(now, timezone)} Rose Rocket dates are in each location's own time; board locations give their timezone.`,
    `This URL allows ${describeFilter(filter)}; a tool it leaves out answers why.`,
    'Records of every kind (orders, customers, tasks, user groups, boards) are reached through the *_objects tools with an object_key; boards are resolved for you when you give none.',
    'A record id may be its uuid, its fullId (O-57, CUST-1) or its number. For an ERP or other outside id use get_single_roserocket_objects_external_by_id.',
    "Lists return next_cursor while more exist, and a total. A status changes by updating the record's status field; events are its timeline.",
  ].join(' ');
}

/** `2026-12-02 11:10 (Wednesday) in America/Toronto, the account's timezone, so today is 2026-12-02 there; 16:10 UTC.` */
function nowIn(now: Date, timezone: string | null): string {
  const utc = wallClock(now, 'UTC');
  if (!timezone || timezone === 'UTC') return `${utc.date} ${utc.time} UTC (${utc.weekday}).`;
  const local = wallClock(now, timezone);
  return `${local.date} ${local.time} (${local.weekday}) in ${timezone}, the account's timezone, so today is ${local.date} there; ${utc.date === local.date ? '' : `${utc.date} `}${utc.time} UTC.`;
}

function wallClock(now: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'long' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, weekday: parts.weekday! };
}
