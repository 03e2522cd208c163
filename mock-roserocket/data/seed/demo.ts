import { DEMO_ORG } from '../../orgs.ts';
import type { OrgData } from '../store.ts';
import type { StoredRecord } from '../types.ts';
import { Calendar } from './calendar.ts';
import { CITIES, seedDemoFreight } from './demo-freight.ts';
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
const OUTBOUND = ['booked', 'dispatched', 'in-transit'];

/**
 * The demo org: what every newcomer and every demo sees. Its dates are
 * relative to `now` (see calendar.ts); the names are the article's: Acme
 * Corp, ERP-992, the Outbound Freight board, Night Dispatch and LTL
 * Dispatchers (Marcus is in the first and not yet in the second).
 */
export function seedDemo(org: OrgData, now: number) {
  const w = new SeedWriter(org, 'demo', new Calendar(now, DEMO_ORG.timezone), DEMO_ORG.userId, 120);

  const u = ids.users;
  w.create('user', { email: DEMO_ORG.userEmail, firstName: DEMO_ORG.userFirstName, lastName: 'Reyes', role: 'admin' }, { id: u.dana });
  w.create('user', { email: 'marcus.chen@demo-freight.example', firstName: 'Marcus', lastName: 'Chen', role: 'dispatcher' }, { id: u.marcus });
  w.create('user', { email: 'priya.patel@demo-freight.example', firstName: 'Priya', lastName: 'Patel', role: 'dispatcher' }, { id: u.priya });
  w.create('user', { email: 'luis.ortega@demo-freight.example', firstName: 'Luis', lastName: 'Ortega', role: 'driver' }, { id: u.luis });
  w.create('user', { email: 'grace.kim@demo-freight.example', firstName: 'Grace', lastName: 'Kim', role: 'dispatcher' }, { id: u.grace });
  seedBoards(w);

  w.at(90);
  const customers = seedCustomers(w);
  const partners = ['Swift Lane Carriers', 'Blue Ridge Transport', 'Prairie Freightways', 'Coastal Drayage'].map((name, i) =>
    w.create('partner', { name, partnerType: i === 3 ? 'broker' : 'carrier', scac: name.slice(0, 4).toUpperCase(), insuranceExpiresOn: w.calendar.date(60 + i * 45) }),
  );

  w.at(80);
  w.group(ids.userGroups.nightDispatch.id, ids.userGroups.nightDispatch.name, 'Dispatchers covering the overnight shift', [u.marcus, u.priya, u.luis]);
  w.group(ids.userGroups.ltlDispatchers.id, ids.userGroups.ltlDispatchers.name, 'Less-than-truckload desk', [u.grace]);

  seedDemoFreight(w, { customers, partners, dispatchers: [u.marcus, u.priya, u.luis, u.grace] });
}

function seedCustomers(w: SeedWriter): StoredRecord[] {
  // Acme Corp shows nested creation: its contacts, billing address and warehouse are written inline.
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
      billingAddress: { name: 'Acme Head Office', address1: '1 Acme Way', city: 'Toronto', state: 'ON', postal: 'M5V 2T6', country: 'CA' },
    },
    { id: ids.customers.acmeCorp.id },
  );
  const warehouse = w.create(
    'address',
    { name: ids.addresses.acmeChicagoWarehouse.name, address1: '2200 S Halsted St', city: 'Chicago', state: 'IL', postal: '60608', country: 'US' },
    { id: ids.addresses.acmeChicagoWarehouse.id },
  );
  w.update(acme, { locations: [{ id: warehouse.id }] });
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
