import { OTHER_ORG } from '../../orgs.ts';
import { Calendar } from './calendar.ts';
import type { OrgData } from '../store.ts';
import { SEED } from './ids.ts';
import { defaultBoards, pick, SeedWriter } from './writer.ts';

const ids = SEED.other;

/**
 * A second, smaller org with names of its own (no Acme, no ERP-992), so a
 * test can prove that one org's ids and names never show up in the other.
 */
export function seedOther(org: OrgData, now: number) {
  const w = new SeedWriter(org, 'northwind', new Calendar(now, OTHER_ORG.timezone), OTHER_ORG.userId, 60);

  const u = ids.users;
  w.create('user', { email: OTHER_ORG.userEmail, firstName: OTHER_ORG.userFirstName, lastName: 'Haddad', role: 'admin' }, { id: u.noor });
  w.create('user', { email: 'ivan.petrov@northwind.example', firstName: 'Ivan', lastName: 'Petrov', role: 'dispatcher' }, { id: u.ivan });
  w.create('user', { email: 'mei.lin@northwind.example', firstName: 'Mei', lastName: 'Lin', role: 'driver' }, { id: u.mei });
  defaultBoards(w, ids.boards.defaults);

  const customers = [
    w.create('customer', { name: ids.customers.northwindRetail.name, industry: 'retail', isKeyAccount: true }, { id: ids.customers.northwindRetail.id }),
    ...['Harbor Foods', 'Polar Outfitters', 'Summit Grocers'].map((name, i) =>
      w.create('customer', { name, industry: i === 1 ? 'retail' : 'food-and-beverage' }),
    ),
  ];
  const carrier = w.create('partner', { name: 'Lakeshore Hauling', partnerType: 'carrier', scac: 'LKSH' });

  const orders = Array.from({ length: ids.counts.order }, (_, i) =>
    w.create('order', {
      externalId: `NW-${1001 + i}`,
      customer: { id: pick(customers, i).id },
      status: pick(['booked', 'dispatched', 'delivered', 'in-transit'], i),
      priority: pick(['normal', 'high'], i),
      pickupAt: w.calendar.dateTime(i - 3, '07:30'),
      weight: 1200 + i * 300,
      ...(i < 2
        ? { stops: [{ type: 'pickup', name: 'Seattle DC', city: 'Seattle', state: 'WA', country: 'US' }, { type: 'delivery', name: 'Portland Store', city: 'Portland', state: 'OR', country: 'US' }] }
        : {}),
    }),
  );

  for (let i = 0; i < ids.counts.task; i++) {
    w.create('task', { title: pick(['Check seal number', 'Confirm door assignment'], i), order: { id: orders[i]!.id }, assignee: { id: pick([u.ivan, u.mei], i) } });
  }
  for (let i = 0; i < ids.counts.load__c; i++) {
    w.create('load__c', { name: `Seattle–Portland #${i + 1}`, equipment: 'dry-van', originCity: 'Seattle', destinationCity: 'Portland', carrier: { id: carrier.id } });
  }

  w.group(ids.userGroups.yardCrew.id, ids.userGroups.yardCrew.name, 'Yard moves and trailer checks', [u.mei]);
  w.group('5d1f0e77-3b8a-4c52-9a61-2f4e8d7c3b19', 'Northwind Dispatch', 'Day dispatch desk', [u.ivan, u.noor]);
}
