import type { FieldDef, FieldType, ObjectDef, Widget } from './types.ts';

/**
 * The object definitions ("recipes") every org shares. Required fields, the
 * one place they are decided: customer.name, order.customer, task.title +
 * task.order, stop.type, manifest.name, commodity.description, partner.name,
 * contact.firstName, address.address1, quote.customer, user.email +
 * user.firstName, load__c.name (and the managed keys' names).
 */

interface FieldOptions {
  isRequired?: boolean;
  options?: readonly string[];
}

function field(type: FieldType, key: string, label: string, opts: FieldOptions = {}): FieldDef {
  return {
    key,
    type,
    label,
    isArray: false,
    isRequired: opts.isRequired ?? false,
    typeConfig: opts.options ? { options: opts.options } : {},
  };
}

const text = (key: string, label: string, opts?: FieldOptions) => field('text', key, label, opts);
const num = (key: string, label: string) => field('number', key, label);
const date = (key: string, label: string) => field('date', key, label);
const dateTime = (key: string, label: string) => field('dateTime', key, label);
const money = (key: string, label: string) => field('money', key, label);
const toggle = (key: string, label: string) => field('toggle', key, label);
const select = (key: string, label: string, options: readonly string[], isRequired = false) =>
  field('select', key, label, { options, isRequired });
const status = (options: readonly string[]) => select('status', 'Status', options);

function link(key: string, label: string, objectKey: string, opts: { isRequired?: boolean; isArray?: boolean } = {}): FieldDef {
  return { ...field('connection', key, label, opts), isArray: opts.isArray ?? false, typeConfig: { objectKey } };
}
const links = (key: string, label: string, objectKey: string) => link(key, label, objectKey, { isArray: true });

/** Read-only; the value is computed on read (see `derive` in schema.ts). */
function derived(key: string, label: string, valueType: 'text' | 'number'): FieldDef {
  return { ...field('derived', key, label), isDerived: true, typeConfig: { valueType } };
}

const widget = (key: string, name: string, version: number): Widget => ({ key, name, version });
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ORDER_STATUSES = ['draft', 'booked', 'dispatched', 'in-transit', 'delivered', 'cancelled'] as const;
export const TASK_STATUSES = ['open', 'in-progress', 'done', 'cancelled'] as const;
const FREIGHT_CLASSES = ['50', '55', '60', '65', '70', '77.5', '85', '92.5', '100', '125', '150', '175', '200', '250', '300', '400', '500'];

const DEFINITION_LIST: readonly ObjectDef[] = [
  {
    key: 'customer', label: 'Customer', fullIdPrefix: 'CUST', labelPath: 'name',
    widgets: [widget('customer-overview', 'Customer Overview', 3), widget('customer-orders', 'Orders', 2)],
    fields: [
      status(['active', 'on-hold', 'inactive']),
      text('name', 'Name', { isRequired: true }),
      text('email', 'Email'),
      text('phone', 'Phone'),
      select('industry', 'Industry', ['retail', 'manufacturing', 'food-and-beverage', 'automotive', 'healthcare', 'other']),
      money('creditLimit', 'Credit Limit'),
      toggle('isKeyAccount', 'Key Account'),
      date('customerSince', 'Customer Since'),
      link('primaryContact', 'Primary Contact', 'contact'),
      links('contacts', 'Contacts', 'contact'),
      link('billingAddress', 'Billing Address', 'address'),
      links('locations', 'Locations', 'address'),
      derived('orderCount', 'Order Count', 'number'),
    ],
  },
  {
    key: 'order', label: 'Order', fullIdPrefix: 'O', labelPath: 'fullId',
    widgets: [widget('order-overview', 'Order Overview', 4), widget('order-tracking', 'Tracking', 2), widget('order-documents', 'Documents', 1)],
    fields: [
      status(ORDER_STATUSES),
      link('customer', 'Customer', 'customer', { isRequired: true }),
      text('referenceNumber', 'Reference Number'),
      select('priority', 'Priority', PRIORITIES),
      dateTime('pickupAt', 'Pickup At'),
      date('deliverBy', 'Deliver By'),
      money('declaredValue', 'Declared Value'),
      num('weight', 'Weight (lb)'),
      toggle('isHazmat', 'Hazmat'),
      text('notes', 'Notes'),
      links('stops', 'Stops', 'stop'),
      links('commodities', 'Commodities', 'commodity'),
      link('manifest', 'Manifest', 'manifest'),
      derived('stopCount', 'Stop Count', 'number'),
      derived('customerName', 'Customer Name', 'text'),
    ],
  },
  {
    key: 'task', label: 'Task', fullIdPrefix: 'T', labelPath: 'title',
    widgets: [widget('task-detail', 'Task Detail', 2), widget('task-checklist', 'Checklist', 1)],
    fields: [
      status(TASK_STATUSES),
      text('title', 'Title', { isRequired: true }),
      link('order', 'Order', 'order', { isRequired: true }),
      link('assignee', 'Assignee', 'user'),
      dateTime('dueAt', 'Due At'),
      select('priority', 'Priority', PRIORITIES),
      toggle('isBlocking', 'Blocking'),
      text('notes', 'Notes'),
      derived('orderFullId', 'Order Number', 'text'),
    ],
  },
  {
    key: 'stop', label: 'Stop', fullIdPrefix: 'S', labelPath: 'name',
    widgets: [widget('stop-detail', 'Stop Detail', 2)],
    fields: [
      status(['scheduled', 'arrived', 'completed', 'skipped']),
      select('type', 'Type', ['pickup', 'delivery'], true),
      text('name', 'Name'),
      text('address1', 'Address'),
      text('city', 'City'),
      text('state', 'State'),
      text('postal', 'Postal Code'),
      text('country', 'Country'),
      dateTime('appointmentAt', 'Appointment'),
      num('sequence', 'Sequence'),
    ],
  },
  {
    key: 'manifest', label: 'Manifest', fullIdPrefix: 'MAN', labelPath: 'name',
    widgets: [widget('manifest-overview', 'Manifest Overview', 2)],
    fields: [
      status(['planned', 'loading', 'departed', 'arrived']),
      text('name', 'Name', { isRequired: true }),
      link('carrier', 'Carrier', 'partner'),
      dateTime('departAt', 'Departs At'),
      links('orders', 'Orders', 'order'),
      derived('orderCount', 'Order Count', 'number'),
    ],
  },
  {
    key: 'commodity', label: 'Commodity', fullIdPrefix: 'COM', labelPath: 'description',
    widgets: [widget('commodity-detail', 'Commodity Detail', 1)],
    fields: [
      status(['active', 'archived']),
      text('description', 'Description', { isRequired: true }),
      num('quantity', 'Quantity'),
      num('weight', 'Weight (lb)'),
      select('freightClass', 'Freight Class', FREIGHT_CLASSES),
      toggle('isStackable', 'Stackable'),
    ],
  },
  {
    key: 'partner', label: 'Partner', fullIdPrefix: 'P', labelPath: 'name',
    widgets: [widget('partner-overview', 'Partner Overview', 2)],
    fields: [
      status(['active', 'inactive']),
      text('name', 'Name', { isRequired: true }),
      select('partnerType', 'Partner Type', ['carrier', 'broker', 'warehouse']),
      text('scac', 'SCAC'),
      text('email', 'Email'),
      date('insuranceExpiresOn', 'Insurance Expires On'),
    ],
  },
  {
    key: 'contact', label: 'Contact', fullIdPrefix: 'CON', labelPath: 'firstName',
    widgets: [widget('contact-card', 'Contact Card', 1)],
    fields: [
      status(['active', 'inactive']),
      text('firstName', 'First Name', { isRequired: true }),
      text('lastName', 'Last Name'),
      text('email', 'Email'),
      text('phone', 'Phone'),
      text('title', 'Job Title'),
    ],
  },
  {
    key: 'address', label: 'Address', fullIdPrefix: 'ADR', labelPath: 'address1',
    widgets: [widget('address-map', 'Map', 1)],
    fields: [
      status(['active', 'archived']),
      text('name', 'Location Name'),
      text('address1', 'Address Line 1', { isRequired: true }),
      text('address2', 'Address Line 2'),
      text('city', 'City'),
      text('state', 'State'),
      text('postal', 'Postal Code'),
      text('country', 'Country'),
    ],
  },
  {
    key: 'quote', label: 'Quote', fullIdPrefix: 'Q', labelPath: 'fullId',
    widgets: [widget('quote-builder', 'Quote Builder', 3)],
    fields: [
      status(['draft', 'sent', 'accepted', 'declined', 'expired']),
      link('customer', 'Customer', 'customer', { isRequired: true }),
      money('amount', 'Amount'),
      date('validUntil', 'Valid Until'),
      text('notes', 'Notes'),
    ],
  },
  {
    key: 'user', label: 'User', fullIdPrefix: 'U', labelPath: 'firstName',
    widgets: [widget('user-profile', 'Profile', 1)],
    fields: [
      status(['active', 'disabled']),
      text('email', 'Email', { isRequired: true }),
      text('firstName', 'First Name', { isRequired: true }),
      text('lastName', 'Last Name'),
      select('role', 'Role', ['admin', 'dispatcher', 'driver', 'viewer']),
    ],
  },
  {
    key: 'userGroup', label: 'User Group', fullIdPrefix: 'UG', labelPath: 'name', managedAt: '/userGroups',
    widgets: [],
    fields: [text('name', 'Name', { isRequired: true }), text('description', 'Description'), select('type', 'Type', ['local'])],
  },
  {
    key: 'board', label: 'Board', fullIdPrefix: 'B', labelPath: 'name', managedAt: '/boards',
    widgets: [],
    fields: [
      text('name', 'Name', { isRequired: true }),
      text('icon', 'Icon'),
      // The record's own objectKey is `board`; this is the kind of record the board shows.
      text('showsObjectKey', 'Shows Object'),
      toggle('isExternal', 'External'),
      toggle('isHidden', 'Hidden'),
    ],
  },
  {
    key: 'event', label: 'Event', fullIdPrefix: 'EV', labelPath: 'type', managedAt: '/events', onlyAt: '/events',
    widgets: [],
    fields: [text('type', 'Type', { isRequired: true }), text('recordId', 'Record'), text('objectKey', 'Object Key')],
  },
  {
    // A custom object whose label is not its key, as custom objects' often are.
    key: 'load__c', label: 'Truck Load', fullIdPrefix: 'LOAD', labelPath: 'name',
    widgets: [widget('load-summary', 'Load Summary', 1)],
    fields: [
      status(['tendered', 'covered', 'in-transit', 'delivered']),
      text('name', 'Name', { isRequired: true }),
      select('equipment', 'Equipment', ['dry-van', 'reefer', 'flatbed', 'step-deck']),
      money('rate', 'Rate'),
      date('pickupDate', 'Pickup Date'),
      text('originCity', 'Origin City'),
      text('destinationCity', 'Destination City'),
      link('carrier', 'Carrier', 'partner'),
      link('order', 'Order', 'order'),
      toggle('isPriority', 'Priority'),
      derived('laneLabel', 'Lane', 'text'),
    ],
  },
];

export const DEFINITIONS: ReadonlyMap<string, ObjectDef> = new Map(DEFINITION_LIST.map((def) => [def.key, def]));
export const OBJECT_KEYS: readonly string[] = DEFINITION_LIST.map((def) => def.key);

export function fieldOf(def: ObjectDef, key: string): FieldDef | undefined {
  return def.fields.find((f) => f.key === key);
}

/** The recipe as served: functions and internal hints left out. */
export function toRecipe(def: ObjectDef) {
  return {
    key: def.key,
    label: def.label,
    fields: def.fields.map((f) => ({
      key: f.key,
      type: f.type,
      label: f.label,
      isArray: f.isArray,
      isRequired: f.isRequired,
      ...(f.isDerived ? { isDerived: true } : {}),
      typeConfig: { ...f.typeConfig },
    })),
  };
}
