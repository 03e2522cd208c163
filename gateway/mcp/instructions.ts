import { describeFilter, type ToolFilter } from '../access.ts';

/**
 * What an MCP server tells the model once, at the handshake: what this URL
 * lets it do, what "now" is (so "today" and "the last 30 days" mean the same
 * to the model and to Rose Rocket), and the conventions every tool shares,
 * said here rather than in each tool's schema.
 */
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function serverInstructions(filter: ToolFilter, now: Date = new Date()): string {
  const utc = now.toISOString().slice(0, 16).replace('T', ' ');
  return [
    'Tools for the Rose Rocket TMS.',
    `Now: ${utc} UTC (${DAYS[now.getUTCDay()]}). Rose Rocket dates are in each location's own time; board locations give their timezone.`,
    `This URL allows ${describeFilter(filter)}; a tool it leaves out answers why.`,
    'Records of every kind (orders, customers, tasks, user groups, boards) are reached through the *_objects tools with an object_key; boards are resolved for you when you give none.',
    'A record id may be its uuid, its fullId (O-57, CUST-1) or its number. For an ERP or other outside id use get_single_roserocket_objects_external_by_id.',
    "Lists return next_cursor while more exist, and a total. A status changes by updating the record's status field; events are its timeline.",
  ].join(' ');
}
