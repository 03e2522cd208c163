import type { ObjectDefinition } from './define.ts';

/**
 * The standard object keys of Rose Rocket's platform model, for accounts
 * whose object definitions can't be read (the real API has no public
 * endpoint for them). Only keys and labels are known this way, so no field
 * checks are made against these.
 */
const STANDARD_OBJECTS: readonly (readonly [key: string, label: string])[] = [
  ['customer', 'Customer'],
  ['order', 'Order'],
  ['task', 'Task'],
  ['stop', 'Stop'],
  ['manifest', 'Manifest'],
  ['commodity', 'Commodity'],
  ['partner', 'Partner'],
  ['contact', 'Contact'],
  ['address', 'Address'],
  ['quote', 'Quote'],
  ['financialLineItem', 'Financial Line Item'],
  ['invoice', 'Invoice'],
  ['bill', 'Bill'],
  ['tag', 'Tag'],
  ['asset', 'Asset'],
  ['document', 'Document'],
  ['user', 'User'],
  ['userGroup', 'User Group'],
  ['board', 'Board'],
  ['event', 'Event'],
  ['webhookDestination', 'Webhook Destination'],
  ['webhookSubscription', 'Webhook Subscription'],
];

export const BUILT_IN_OBJECT_DEFINITIONS: readonly ObjectDefinition[] = STANDARD_OBJECTS.map(([key, label]) => ({ key, label, fields: [] }));
