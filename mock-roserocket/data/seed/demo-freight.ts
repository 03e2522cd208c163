import type { StoredRecord } from '../types.ts';
import { SEED } from './ids.ts';
import { pick, type SeedWriter } from './writer.ts';

const ids = SEED.demo;

export const CITIES: ReadonlyArray<[string, string, string, string]> = [
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
/** Due dates in step with TASK_STATUS_CYCLE: open tasks overdue and due today, done ones in the past. */
const TASK_DUE: ReadonlyArray<[days: number, time: string]> = [
  [-2, '10:00'], [-1, '16:00'], [0, '09:00'], [0, '14:00'], [0, '17:30'], [1, '08:00'], [7, '12:00'], [-3, '11:00'],
];
const PRIORITIES = ['normal', 'high', 'low', 'normal', 'urgent'];
/** Pickup day (from today) by status, so the dates agree with where the freight is. */
const PICKUP_DAYS: Record<string, readonly number[]> = {
  delivered: [-3, -5, -8, -12, -2],
  cancelled: [-4, 3],
  'in-transit': [-1, 0],
  dispatched: [0, 1],
  booked: [1, 7, 2, 8],
  draft: [7, 9],
};
/** Every seventh generated order is Acme Corp's, so it has orders in every state. */
const isAcmeOrder = (i: number) => i % 7 === 0;

interface Parties {
  customers: StoredRecord[];
  partners: StoredRecord[];
  dispatchers: string[];
}

/** Orders (created over the last 30 days), manifests, tasks, quotes and truck loads, dated around today. */
export function seedDemoFreight(w: SeedWriter, { customers, partners, dispatchers }: Parties) {
  const c = w.calendar;
  const acme = customers[0]!;
  const generated = ids.counts.order - 2;

  const orders: StoredRecord[] = [];
  for (let i = 0; i < generated; i++) {
    w.at(30 - i * (29 / generated));
    orders.push(i === 0 ? createErp992(w, acme) : createOrder(w, i, isAcmeOrder(i) ? acme : pick(customers, i)));
  }
  w.at(3);
  const o99281 = createO99281(w, customers[2]!);
  w.at(0.25);
  const sap10992 = createSap10992(w, acme);
  const all = [...orders, o99281, sap10992];

  // Manifests list orders and each order names its manifest: the link is kept both ways.
  w.at(1.5);
  // ERP-992 stays off them: its history is the article's (created, then dispatched).
  const byStatus = (status: string) => orders.slice(1).filter((o) => o.fields.status === status);
  const manifests = [
    { name: 'Toronto → Chicago linehaul', status: 'loading', departAt: c.dateTime(0, '21:30'), members: byStatus('dispatched').slice(0, 3) },
    { name: 'Buffalo cross-dock consolidation', status: 'departed', departAt: c.dateTime(-1, '20:00'), members: [o99281, ...byStatus('in-transit').slice(0, 2)] },
    { name: 'Montreal → Detroit overnight', status: 'planned', departAt: c.dateTime(1, '19:00'), members: byStatus('booked').slice(0, 2) },
  ];
  manifests.forEach(({ name, status, departAt, members }, i) => {
    const manifest = w.create('manifest', { name, status, departAt, carrier: { id: partners[i]!.id }, orders: members.map((o) => ({ id: o.id })) });
    for (const order of members) w.update(order, { manifest: { id: manifest.id } });
  });

  for (let i = 0; i < ids.counts.task; i++) {
    w.at(14 - i * 0.3);
    const assignee = i % 5 === 4 ? undefined : pick(dispatchers, i);
    const [days, time] = pick(TASK_DUE, i);
    w.create(
      'task',
      {
        title: pick(TASK_TITLES, i),
        order: { id: pick(all, i * 7).id },
        status: pick(TASK_STATUS_CYCLE, i),
        priority: pick(PRIORITIES, i + 1),
        dueAt: c.dateTime(days, time),
        isBlocking: i % 6 === 0,
        ...(assignee ? { assignee: { id: assignee } } : {}),
      },
      { userId: pick(dispatchers, i + 1) },
    );
  }

  for (let i = 0; i < 5; i++) {
    w.at(20 - i * 3);
    w.create('quote', {
      customer: { id: pick(customers, i * 3).id },
      status: pick(['draft', 'sent', 'accepted', 'declined', 'expired'], i),
      amount: { amount: 185_000 + i * 42_500, currencyCode: i % 2 ? 'CAD' : 'USD' },
      validUntil: c.date(i === 4 ? -2 : 5 + i * 5),
    });
  }

  for (let i = 0; i < ids.counts.load__c; i++) {
    w.at(25 - i * 2);
    const [origin, dest] = [pick(CITIES, i), pick(CITIES, i + 3)];
    w.create('load__c', {
      name: `${origin[0]}–${dest[0]} ${pick(['dry van', 'reefer', 'flatbed', 'step deck'], i)} #${i + 1}`,
      status: pick(['tendered', 'covered', 'in-transit', 'delivered'], i),
      equipment: pick(['dry-van', 'reefer', 'flatbed', 'step-deck'], i),
      rate: { amount: 210_000 + i * 17_500, currencyCode: 'USD' },
      pickupDate: c.date(pick([1, 0, -1, -4], i) + (i >= 4 ? 7 : 0)),
      originCity: origin[0],
      destinationCity: dest[0],
      carrier: { id: pick(partners, i).id },
      isPriority: i % 3 === 0,
      ...(i < 4 ? { order: { id: orders[10 + i]!.id } } : {}),
    });
  }

  // The article's order moved to dispatched yesterday evening, then someone opened it.
  w.at(0.9);
  w.update(orders[0]!, { status: 'dispatched', priority: 'high' }, { userId: ids.users.marcus, boardId: ids.boards.outboundFreight.id, statusEventId: ids.events.erp992StatusChanged });
  w.event(orders[0]!, 'widget-open', { widgetKey: 'order-overview' }, { id: ids.events.erp992WidgetOpen, userId: ids.users.priya, boardId: ids.boards.defaults.order });
}

/** The article's order, created booked; it is dispatched at the end of the seed. */
function createErp992(w: SeedWriter, acme: StoredRecord): StoredRecord {
  const c = w.calendar;
  return w.create(
    'order',
    {
      externalId: ids.orders.erp992.externalId,
      customer: { id: acme.id },
      status: 'booked',
      priority: 'normal',
      referenceNumber: 'PO-77120',
      pickupAt: c.dateTime(0, '08:00', 2),
      deliverBy: c.date(2),
      declaredValue: { amount: 1_250_000, currencyCode: 'USD' },
      weight: 18_400,
      isHazmat: false,
      stops: [
        { type: 'pickup', name: 'Acme Plant 2', address1: '1 Acme Way', city: 'Toronto', state: 'ON', postal: 'M5V 2T6', country: 'CA', sequence: 1, appointmentAt: c.dateTime(0, '08:00', 2) },
        { type: 'delivery', name: 'Acme DC Chicago', address1: '2200 S Halsted St', city: 'Chicago', state: 'IL', postal: '60608', country: 'US', sequence: 2, appointmentAt: c.dateTime(2, '07:00', 3) },
      ],
      commodities: [{ description: 'Steel anvils, palletized', quantity: 24, weight: 18_400, freightClass: '70', isStackable: false }],
    },
    { id: ids.orders.erp992.id },
  );
}

function createOrder(w: SeedWriter, i: number, customer: StoredRecord): StoredRecord {
  const c = w.calendar;
  const [origin, dest] = [pick(CITIES, i), pick(CITIES, i + 1)];
  const status = pick(ORDER_STATUS_CYCLE, i);
  // Created `createdDaysAgo` days ago: a past pickup comes after that.
  const createdDaysAgo = Math.floor(30 - i * (29 / (ids.counts.order - 2)));
  const wanted = pick(PICKUP_DAYS[status]!, Math.floor(i / 10));
  const pickupDay = wanted < 0 ? -Math.max(1, Math.min(-wanted, createdDaysAgo - 1)) : wanted;
  const deliveryDay = status === 'delivered' ? Math.min(pickupDay + 2, 0) : pickupDay + 1 + (i % 2);
  const time = `${String(6 + (i % 10)).padStart(2, '0')}:00`;
  const done = (type: string) => status === 'delivered' || (status === 'in-transit' && type === 'pickup');
  const stop = (type: 'pickup' | 'delivery', city: readonly string[], day: number, at: string, sequence: number, name?: string) => ({
    type, name: name ?? `${city[0]} ${type === 'pickup' ? 'shipper' : 'consignee'}`, city: city[0], state: city[1], postal: city[2], country: city[3],
    sequence, appointmentAt: c.dateTime(day, at, 2), status: done(type) ? 'completed' : 'scheduled',
  });
  // Half the orders carry their stops; every third of those is a multi-stop run.
  const stops = i >= 30 ? undefined
    : i % 6 === 0 ? [stop('pickup', origin, pickupDay, time, 1), stop('pickup', pick(CITIES, i + 4), pickupDay, '13:00', 2), stop('delivery', pick(CITIES, i + 2), deliveryDay, '08:00', 3), stop('delivery', dest, deliveryDay, '15:00', 4)]
    : i % 3 === 0 ? [stop('pickup', origin, pickupDay, time, 1), stop('delivery', pick(CITIES, i + 2), deliveryDay, '08:00', 2), stop('delivery', dest, deliveryDay, '15:00', 3)]
    : [stop('pickup', origin, pickupDay, time, 1), stop('delivery', dest, deliveryDay, '10:00', 2)];
  return w.create('order', {
    customer: { id: customer.id },
    status,
    priority: pick(PRIORITIES, i),
    referenceNumber: `PO-${4400 + i}`,
    pickupAt: c.dateTime(pickupDay, time, 2),
    deliverBy: c.date(deliveryDay),
    declaredValue: { amount: ((i * 137) % 50 + 5) * 10_000, currencyCode: origin[3] === 'CA' ? 'CAD' : 'USD' },
    weight: 500 + ((i * 373) % 40_000),
    isHazmat: i % 9 === 0,
    ...(i % 4 === 0 ? { externalId: `ERP-${1000 + i}` } : {}),
    ...(i % 5 === 0 ? { notes: 'Liftgate required at delivery' } : {}),
    ...(stops
      ? { stops, commodities: [{ description: pick(['Pallets of paper goods', 'Auto parts', 'Frozen seafood', 'Medical supplies'], i), quantity: 4 + i, weight: 900 + i * 50 }] }
      : {}),
  });
}

/** The order dispatchers call "99281": imported with its old number, in transit on a four-stop run. */
function createO99281(w: SeedWriter, customer: StoredRecord): StoredRecord {
  const c = w.calendar;
  const stop = (type: 'pickup' | 'delivery', name: string, city: string, state: string, country: string, sequence: number, day: number, at: string) => ({
    type, name, city, state, country, sequence, appointmentAt: c.dateTime(day, at, 2), status: type === 'pickup' ? 'completed' : 'scheduled',
  });
  return w.create(
    'order',
    {
      customer: { id: customer.id },
      status: 'in-transit',
      priority: 'high',
      referenceNumber: 'PO-99281',
      pickupAt: c.dateTime(-1, '07:00', 2),
      deliverBy: c.date(1),
      weight: 26_000,
      declaredValue: { amount: 4_800_000, currencyCode: 'CAD' },
      stops: [
        stop('pickup', 'Borealis Foods Hamilton plant', 'Hamilton', 'ON', 'CA', 1, -1, '07:00'),
        stop('pickup', 'Borealis Foods cold store', 'Toronto', 'ON', 'CA', 2, -1, '12:00'),
        stop('delivery', 'Buffalo Cross-Dock', 'Buffalo', 'NY', 'US', 3, 0, '09:00'),
        stop('delivery', 'Pittsburgh grocer DC', 'Pittsburgh', 'PA', 'US', 4, 1, '06:00'),
      ],
      commodities: [{ description: 'Frozen vegetables, reefer at -18 °C', quantity: 26, weight: 26_000, isStackable: true }],
    },
    { id: ids.orders.o99281.id, fullId: ids.orders.o99281.fullId },
  );
}

/** Acme Corp's order from its ERP: booked, pickup tomorrow at the Chicago warehouse. */
function createSap10992(w: SeedWriter, acme: StoredRecord): StoredRecord {
  const c = w.calendar;
  return w.create(
    'order',
    {
      externalId: ids.orders.sap10992.externalId,
      customer: { id: acme.id },
      status: 'booked',
      priority: 'normal',
      referenceNumber: 'PO-78004',
      pickupAt: c.dateTime(1, '09:00', 2),
      deliverBy: c.date(3),
      weight: 12_600,
      stops: [
        { type: 'pickup', name: ids.addresses.acmeChicagoWarehouse.name, address1: '2200 S Halsted St', city: 'Chicago', state: 'IL', postal: '60608', country: 'US', sequence: 1, appointmentAt: c.dateTime(1, '09:00', 2) },
        { type: 'delivery', name: 'Acme Plant 2', address1: '1 Acme Way', city: 'Toronto', state: 'ON', postal: 'M5V 2T6', country: 'CA', sequence: 2, appointmentAt: c.dateTime(3, '08:00', 2) },
      ],
    },
    { id: ids.orders.sap10992.id },
  );
}
