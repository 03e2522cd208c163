import { DEMO_ORG } from '../../orgs.ts';
import type { OrgData } from '../store.ts';
import type { StoredRecord } from '../types.ts';
import { SEED } from './ids.ts';
import { defaultBoards, pad, pick, SeedWriter } from './writer.ts';

const ids = SEED.demo;

const CUSTOMER_NAMES = [
  'Borealis Foods', 'Cascade Manufacturing', 'Delta Auto Parts', 'Evergreen Health Supply', 'Falcon Retail Group',
  'Granite Building Supply', 'Harbor Seafood Co', 'Ironwood Furniture', 'Juniper Organics', 'Keystone Electronics',
  'Lakeside Paper', 'Maple Leaf Beverages', 'Northstar Plastics', 'Orchard Valley Produce', 'Pinnacle Pharma',
  'Quarry Stoneworks', 'Redwood Outdoor', 'Summit Steel', 'Tidewater Chemicals', 'Union Textile Mills',
  'Vantage Medical', 'Willow Creek Dairy', 'Yellowstone Apparel',
];
const INDUSTRIES = ['food-and-beverage', 'manufacturing', 'automotive', 'healthcare', 'retail', 'other'];
const CITIES: ReadonlyArray<[string, string, string, string]> = [
  ['Toronto', 'ON', 'M5V 2T6', 'CA'], ['Chicago', 'IL', '60607', 'US'], ['Buffalo', 'NY', '14203', 'US'],
  ['Montreal', 'QC', 'H3B 4W8', 'CA'], ['Detroit', 'MI', '48226', 'US'], ['Columbus', 'OH', '43215', 'US'],
  ['Hamilton', 'ON', 'L8P 4R5', 'CA'], ['Pittsburgh', 'PA', '15222', 'US'],
];
const TASK_TITLES = [
  'Confirm pickup appointment', 'Collect proof of delivery', 'Call consignee about ETA', 'Book dock door',
  'Verify hazmat paperwork', 'Send rate confirmation', 'Check reefer temperature log', 'Update customer on delay',
];
/** Weighted so search has plenty of each common status. */
const ORDER_STATUS_CYCLE = ['booked', 'dispatched', 'in-transit', 'delivered', 'booked', 'draft', 'in-transit', 'cancelled', 'dispatched', 'delivered'];
const TASK_STATUS_CYCLE = ['open', 'in-progress', 'open', 'done', 'in-progress', 'cancelled', 'open', 'done'];
const PRIORITIES = ['normal', 'high', 'low', 'normal', 'urgent'];
const OUTBOUND = ['booked', 'dispatched', 'in-transit'];

export function seedDemo(org: OrgData) {
  const w = new SeedWriter(org, 'demo', '2025-03-03T06:00:00.000Z', DEMO_ORG.userId);
  const u = ids.users;
  w.create('user', { email: DEMO_ORG.userEmail, firstName: DEMO_ORG.userFirstName, lastName: 'Reyes', role: 'admin' }, { id: u.dana });
  w.create('user', { email: 'marcus.chen@demo-freight.example', firstName: 'Marcus', lastName: 'Chen', role: 'dispatcher' }, { id: u.marcus });
  w.create('user', { email: 'priya.patel@demo-freight.example', firstName: 'Priya', lastName: 'Patel', role: 'dispatcher' }, { id: u.priya });
  w.create('user', { email: 'luis.ortega@demo-freight.example', firstName: 'Luis', lastName: 'Ortega', role: 'driver' }, { id: u.luis });
  w.create('user', { email: 'grace.kim@demo-freight.example', firstName: 'Grace', lastName: 'Kim', role: 'dispatcher' }, { id: u.grace });
  const dispatchers = [u.marcus, u.priya, u.luis, u.grace];
  seedBoards(w);

  const customers = seedCustomers(w);
  const partners = ['Swift Lane Carriers', 'Blue Ridge Transport', 'Prairie Freightways', 'Coastal Drayage'].map((name, i) =>
    w.create('partner', { name, partnerType: i === 3 ? 'broker' : 'carrier', scac: name.slice(0, 4).toUpperCase(), insuranceExpiresOn: `2026-0${i + 2}-15` }),
  );

  const erp992 = seedErp992(w, customers[0]!);
  const orders = [erp992];
  for (let i = 1; i < ids.counts.order; i++) orders.push(seedOrder(w, i, customers));

  orders.slice(0, 6).forEach((order, i) => {
    if (i % 3 === 0) {
      w.create('manifest', {
        name: `Toronto → Chicago linehaul ${i / 3 + 1}`,
        status: i === 0 ? 'departed' : 'planned',
        carrier: { id: pick(partners, i).id },
        departAt: { dateTimeInLocation: `2025-03-1${i}T21:30:00` },
        orders: orders.slice(i, i + 3).map((o) => ({ id: o.id })),
      });
    }
  });

  for (let i = 0; i < ids.counts.task; i++) {
    const assignee = i % 5 === 4 ? undefined : pick(dispatchers, i);
    w.create(
      'task',
      {
        title: pick(TASK_TITLES, i),
        order: { id: pick(orders, i * 7).id },
        status: pick(TASK_STATUS_CYCLE, i),
        priority: pick(PRIORITIES, i + 1),
        dueAt: { dateTimeInLocation: `2025-03-${pad(4 + (i % 20))}T${pad(18 + (i % 6))}:00:00` },
        isBlocking: i % 6 === 0,
        ...(assignee ? { assignee: { id: assignee } } : {}),
      },
      { userId: pick(dispatchers, i + 1) },
    );
  }

  for (let i = 0; i < 5; i++) {
    w.create('quote', {
      customer: { id: pick(customers, i * 3).id },
      status: pick(['draft', 'sent', 'accepted', 'declined', 'expired'], i),
      amount: { amount: 185_000 + i * 42_500, currencyCode: i % 2 ? 'CAD' : 'USD' },
      validUntil: `2025-04-${pad(1 + i * 5)}`,
    });
  }

  for (let i = 0; i < ids.counts.load__c; i++) {
    const [origin, dest] = [pick(CITIES, i), pick(CITIES, i + 3)];
    w.create('load__c', {
      name: `${origin[0]}–${dest[0]} ${pick(['dry van', 'reefer', 'flatbed', 'step deck'], i)} #${i + 1}`,
      status: pick(['tendered', 'covered', 'in-transit', 'delivered'], i),
      equipment: pick(['dry-van', 'reefer', 'flatbed', 'step-deck'], i),
      rate: { amount: 210_000 + i * 17_500, currencyCode: 'USD' },
      pickupDate: `2025-03-${pad(5 + i * 2)}`,
      originCity: origin[0],
      destinationCity: dest[0],
      carrier: { id: pick(partners, i).id },
      isPriority: i % 3 === 0,
      ...(i < 4 ? { order: { id: orders[10 + i]!.id } } : {}),
    });
  }

  w.group(ids.userGroups.nightDispatch.id, ids.userGroups.nightDispatch.name, 'Dispatchers covering the overnight shift', [u.marcus, u.priya, u.luis]);
  w.group(ids.userGroups.ltlDispatchers.id, ids.userGroups.ltlDispatchers.name, 'Less-than-truckload desk', [u.grace]);
}

function seedCustomers(w: SeedWriter): StoredRecord[] {
  // Acme Corp shows nested creation: its contacts and billing address are written inline.
  const acme = w.create(
    'customer',
    {
      name: ids.customers.acmeCorp.name,
      email: 'shipping@acme.example',
      phone: '+1 416 555 0100',
      industry: 'manufacturing',
      creditLimit: { amount: 50_000_00, currencyCode: 'USD' },
      isKeyAccount: true,
      customerSince: '2019-04-01',
      primaryContact: { firstName: 'Wile', lastName: 'Coyote', email: 'wile@acme.example', title: 'Logistics Manager' },
      contacts: [{ firstName: 'Road', lastName: 'Runner', email: 'road.runner@acme.example', title: 'Receiving' }],
      billingAddress: { address1: '1 Acme Way', city: 'Toronto', state: 'ON', postal: 'M5V 2T6', country: 'CA' },
    },
    { id: ids.customers.acmeCorp.id },
  );
  const acmeLogistics = w.create(
    'customer',
    { name: ids.customers.acmeLogistics.name, email: 'ops@acmelogistics.example', industry: 'other', customerSince: '2022-09-12' },
    { id: ids.customers.acmeLogistics.id },
  );
  const rest = CUSTOMER_NAMES.map((name, i) => {
    const city = pick(CITIES, i);
    return w.create('customer', {
      name,
      email: `shipping@${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
      industry: pick(INDUSTRIES, i),
      status: i % 11 === 5 ? 'on-hold' : i === 20 ? 'inactive' : 'active',
      creditLimit: { amount: (10 + (i * 7) % 40) * 1_000_00, currencyCode: city[3] === 'CA' ? 'CAD' : 'USD' },
      isKeyAccount: i % 4 === 0,
      customerSince: `20${pad(15 + (i % 9))}-${pad(1 + (i % 12))}-15`,
      ...(i < 4 ? { billingAddress: { address1: `${100 + i * 12} Commerce Dr`, city: city[0], state: city[1], postal: city[2], country: city[3] } } : {}),
    });
  });
  return [acme, acmeLogistics, ...rest];
}

/** The article's order and its history: created booked, then dispatched with a higher priority. */
function seedErp992(w: SeedWriter, acme: StoredRecord): StoredRecord {
  const order = w.create(
    'order',
    {
      externalId: ids.orders.erp992.externalId,
      customer: { id: acme.id },
      status: 'booked',
      priority: 'normal',
      referenceNumber: 'PO-77120',
      pickupAt: { dateTimeInLocation: '2025-03-10T08:00:00', dateTimeInLocationEnd: '2025-03-10T10:00:00' },
      deliverBy: '2025-03-12',
      declaredValue: { amount: 1_250_000, currencyCode: 'USD' },
      weight: 18_400,
      isHazmat: false,
      stops: [
        { type: 'pickup', name: 'Acme Plant 2', address1: '1 Acme Way', city: 'Toronto', state: 'ON', postal: 'M5V 2T6', country: 'CA', sequence: 1 },
        { type: 'delivery', name: 'Acme DC Chicago', address1: '2200 S Halsted St', city: 'Chicago', state: 'IL', postal: '60608', country: 'US', sequence: 2 },
      ],
      commodities: [{ description: 'Steel anvils, palletized', quantity: 24, weight: 18_400, freightClass: '70', isStackable: false }],
    },
    { id: ids.orders.erp992.id },
  );
  w.update(order, { status: 'dispatched', priority: 'high' }, { userId: ids.users.marcus, boardId: ids.boards.outboundFreight.id, statusEventId: ids.events.erp992StatusChanged });
  w.event(order, 'widget-open', { widgetKey: 'order-overview' }, { id: ids.events.erp992WidgetOpen, userId: ids.users.priya, boardId: ids.boards.defaults.order });
  return order;
}

function seedOrder(w: SeedWriter, i: number, customers: StoredRecord[]): StoredRecord {
  const [origin, dest] = [pick(CITIES, i), pick(CITIES, i + 1)];
  const day = 3 + (i % 24);
  const status = pick(ORDER_STATUS_CYCLE, i);
  return w.create('order', {
    customer: { id: pick(customers, i).id },
    status,
    priority: pick(PRIORITIES, i),
    referenceNumber: `PO-${4400 + i}`,
    pickupAt: { dateTimeInLocation: `2025-03-${pad(day)}T${pad(6 + (i % 10))}:00:00` },
    deliverBy: `2025-03-${pad(day + 2)}`,
    declaredValue: { amount: ((i * 137) % 50 + 5) * 10_000, currencyCode: origin[3] === 'CA' ? 'CAD' : 'USD' },
    weight: 500 + ((i * 373) % 40_000),
    isHazmat: i % 9 === 0,
    ...(i % 4 === 0 ? { externalId: `ERP-${1000 + i}` } : {}),
    ...(i % 5 === 0 ? { notes: 'Liftgate required at delivery' } : {}),
    ...(i < 12
      ? {
          stops: [
            { type: 'pickup', name: `${origin[0]} shipper`, city: origin[0], state: origin[1], postal: origin[2], country: origin[3], sequence: 1 },
            { type: 'delivery', name: `${dest[0]} consignee`, city: dest[0], state: dest[1], postal: dest[2], country: dest[3], sequence: 2 },
          ],
          commodities: [{ description: pick(['Pallets of paper goods', 'Auto parts', 'Frozen seafood', 'Medical supplies'], i), quantity: 4 + i, weight: 900 + i * 50 }],
        }
      : {}),
  });
}

function seedBoards(w: SeedWriter) {
  defaultBoards(w, ids.boards.defaults);
  const outbound = w.board({
    id: ids.boards.outboundFreight.id,
    key: 'outbound-freight',
    name: ids.boards.outboundFreight.name,
    objectKey: 'order',
    icon: 'truck',
    baseFilters: [{ path: 'status', operator: 'in', value: OUTBOUND, fieldType: 'SelectField' }],
  });
  w.board({
    id: ids.boards.nightShift.id,
    key: 'night-shift-active',
    name: ids.boards.nightShift.name,
    objectKey: 'task',
    icon: 'moon',
    widgets: [
      { key: 'task-queue', name: 'Task Queue', version: 5 },
      { key: 'driver-map', name: 'Driver Map', version: 2 },
      { key: 'shift-handoff', name: 'Shift Handoff', version: 1 },
    ],
    widgetToOpen: { key: 'task-queue', name: 'Task Queue', version: 5 },
    locations: [
      { id: 'loc-tor-terminal', name: 'Toronto Terminal', type: 'terminal', address: { address1: '55 Logistics Dr', city: 'Toronto', state: 'ON', postal: 'M9W 6L9', country: 'CA' }, timezone: 'America/Toronto' },
      { id: 'loc-mis-yard', name: 'Mississauga Yard', type: 'yard', address: { address1: '6300 Kennedy Rd', city: 'Mississauga', state: 'ON', postal: 'L5T 2X5', country: 'CA' }, timezone: 'America/Toronto' },
      { id: 'loc-buf-xdock', name: 'Buffalo Cross-Dock', type: 'warehouse', address: { address1: '401 Ohio St', city: 'Buffalo', state: 'NY', postal: '14204', country: 'US' }, timezone: 'America/New_York' },
    ],
    baseFilters: [{ path: 'status', operator: 'in', value: ['open', 'in-progress'], fieldType: 'SelectField' }],
  });
  w.board({
    id: ids.boards.archivedOrders.id,
    key: 'archived-orders',
    name: ids.boards.archivedOrders.name,
    objectKey: 'order',
    icon: 'archive',
    isHidden: true,
    baseFilters: [{ path: 'status', operator: 'in', value: ['delivered', 'cancelled'], fieldType: 'SelectField' }],
  });
  w.board({ id: ids.boards.carrierPortal.id, key: 'carrier-portal-loads', name: ids.boards.carrierPortal.name, objectKey: 'load__c', icon: 'globe', isExternal: true });

  w.view(outbound, {
    id: ids.views.outboundByPickup,
    labelId: 'view.by-pickup',
    name: 'By pickup time',
    layout: 'table',
    columnIds: ['fullId', 'customer.name', 'status', 'pickupAt', 'deliverBy'],
    filters: [],
    orderByPath: 'pickupAt',
    orderByDirection: 'asc',
  });
  w.view(outbound, {
    id: ids.views.outboundKanban,
    labelId: 'view.status-board',
    name: 'Status board',
    layout: 'kanban',
    columnIds: ['fullId', 'customerName', 'priority'],
    filters: [{ path: 'priority', operator: 'in', value: ['high', 'urgent'], fieldType: 'SelectField' }],
  });
}
