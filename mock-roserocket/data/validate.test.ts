import { describe, expect, it } from 'vitest';
import { SEED } from './index.ts';
import { dataTestApp } from './testing.ts';

const erp992 = SEED.demo.orders.erp992.id;

/** PUTs one field on ERP-992 and answers the 400 messages (or the stored value). */
async function write(json: Record<string, unknown>) {
  const t = dataTestApp();
  const res = await t.put(`/objects/${erp992}`, { objectKey: 'order', json });
  return res.status === 200 ? { ok: res.body } : { status: res.status, messages: res.body.message as string[] };
}

describe('write shapes', () => {
  it('takes a dateTime as {dateTimeInLocation, dateTimeInLocationEnd?} and reads it back the same', async () => {
    const res = await write({ pickupAt: { dateTimeInLocation: '2025-04-01T07:30:00', dateTimeInLocationEnd: '2025-04-01T09:00:00' } });
    expect(res.ok?.pickupAt).toEqual({ dateTimeInLocation: '2025-04-01T07:30:00', dateTimeInLocationEnd: '2025-04-01T09:00:00' });
  });

  it('refuses a dateTime with a Z suffix or an offset', async () => {
    for (const value of ['2025-04-01T07:30:00Z', '2025-04-01T07:30:00-05:00']) {
      const res = await write({ pickupAt: { dateTimeInLocation: value } });
      expect(res.status).toBe(400);
      expect(res.messages).toEqual([
        `Error setting field pickupAt: dateTimeInLocation must be a local date-time without a timezone suffix ("Z" or an offset), got "${value}"`,
      ]);
    }
  });

  it('refuses a dateTime sent as a bare string, an end before the start, or a bad time', async () => {
    expect((await write({ pickupAt: '2025-04-01T07:30:00' })).messages?.[0]).toMatch(/^Error setting field pickupAt: dateTime must be an object/);
    const backwards = await write({ pickupAt: { dateTimeInLocation: '2025-04-01T09:00:00', dateTimeInLocationEnd: '2025-04-01T08:00:00' } });
    expect(backwards.messages).toEqual(['Error setting field pickupAt: dateTimeInLocationEnd must not be before dateTimeInLocation']);
    expect((await write({ pickupAt: { dateTimeInLocation: '2025-02-30T07:00:00' } })).status).toBe(400);
  });

  it('takes a date as YYYY-MM-DD only', async () => {
    expect((await write({ deliverBy: '2025-04-03' })).ok?.deliverBy).toBe('2025-04-03');
    for (const value of ['2025-4-3', '2025-04-03T00:00:00', '2025-02-30', 20250403]) {
      const res = await write({ deliverBy: value });
      expect(res.messages?.[0]).toMatch(/^Error setting field deliverBy: date must be a string "YYYY-MM-DD"/);
    }
  });

  it('takes money as an integer amount in minor units with a currency code', async () => {
    expect((await write({ declaredValue: { amount: 99_950, currencyCode: 'CAD' } })).ok?.declaredValue).toEqual({ amount: 99_950, currencyCode: 'CAD' });
    expect((await write({ declaredValue: { amount: 999.5, currencyCode: 'USD' } })).messages).toEqual([
      'Error setting field declaredValue: amount must be an integer in minor units (cents), got 999.5',
    ]);
    expect((await write({ declaredValue: { amount: 100, currencyCode: 'usd' } })).messages).toEqual([
      'Error setting field declaredValue: currencyCode must be a three-letter ISO 4217 code, got "usd"',
    ]);
    expect((await write({ declaredValue: 100 })).messages?.[0]).toMatch(/^Error setting field declaredValue: money must be \{amount/);
  });

  it('takes a select value only from its options, and lists them', async () => {
    expect((await write({ priority: 'urgent' })).ok?.priority).toBe('urgent');
    expect((await write({ priority: 'asap' })).messages).toEqual([
      'Error setting field priority: "asap" is not a valid option; must be one of: low, normal, high, urgent',
    ]);
    expect((await write({ status: 'lost' })).messages?.[0]).toMatch(/must be one of: draft, booked, dispatched, in-transit, delivered, cancelled/);
  });

  it('checks text, number and toggle types', async () => {
    const res = await write({ notes: 5, weight: '100', isHazmat: 'yes' });
    expect(res.messages).toEqual([
      'Error setting field notes: must be a string',
      'Error setting field weight: must be a number',
      'Error setting field isHazmat: must be a boolean',
    ]);
  });

  it('refuses derived, unknown and system fields', async () => {
    const res = await write({ stopCount: 3, colour: 'red', fullId: 'O-999', version: 7 });
    expect(res.messages).toEqual([
      'Error setting field stopCount: derived field cannot be written',
      'Error setting field colour: order has no field "colour"',
      'Error setting field fullId: system field cannot be written',
      'Error setting field version: system field cannot be written',
    ]);
  });

  it('writes links as {id} that must exist and be of the right object', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await write({ customer: SEED.demo.customers.acmeLogistics.id })).messages?.[0]).toMatch(
      /^Error setting field customer: a link is written as \{id\} or as a new customer body/,
    );
    expect((await write({ customer: { id: 'nope' } })).messages).toEqual(['Error setting field customer: id must be a UUID, got "nope"']);
    expect((await write({ customer: { id: missing } })).messages).toEqual([`Error setting field customer: customer with ID "${missing}" not found`]);
    expect((await write({ customer: { id: erp992 } })).messages).toEqual([`Error setting field customer: record "${erp992}" has objectKey "order", expected "customer"`]);
    expect((await write({ stops: { id: missing } })).messages?.[0]).toMatch(/^Error setting field stops: must be an array/);
  });

  it('names nested fields with their full path', async () => {
    const res = await write({ stops: [{ type: 'pickup', appointmentAt: { dateTimeInLocation: '2025-04-01T07:00:00Z' } }] });
    expect(res.messages?.[0]).toMatch(/^Error setting field stops\.0\.appointmentAt: dateTimeInLocation must be a local date-time/);
  });

  it('updates a linked child when {id} comes with fields', async () => {
    const t = dataTestApp();
    const order = await t.get(`/objects/${erp992}?paths=stops`);
    const [pickup, delivery] = order.body.stops;
    const res = await t.put(`/objects/${erp992}`, { objectKey: 'order', json: { stops: [{ id: pickup.id, status: 'completed' }, { id: delivery.id }] } });
    expect(res.status).toBe(200);
    expect((await t.get(`/objects/${pickup.id}`)).body).toMatchObject({ status: 'completed', version: 2 });
    expect((await t.get(`/objects/${delivery.id}`)).body.version).toBe(1);
  });

  it('refuses bodies nested deeper than links can sensibly go', async () => {
    // manifest ↔ order links form a cycle, so a body could nest forever.
    let manifest: Record<string, unknown> = { name: 'innermost' };
    for (let i = 0; i < 10; i++) manifest = { name: `m${i}`, orders: [{ customer: { id: SEED.demo.customers.acmeCorp.id }, manifest }] };
    const res = await write({ manifest });
    expect(res.status).toBe(400);
    expect(res.messages).toEqual([
      'Error setting field manifest.orders.0.manifest.orders.0.manifest.orders.0.customer: links nest more than 6 levels deep',
      'Error setting field manifest.orders.0.manifest.orders.0.manifest.orders.0.manifest: links nest more than 6 levels deep',
    ]);
  });

  it('clears an optional field with null and an array link with []', async () => {
    const res = await write({ notes: null, stops: [] });
    expect(res.ok).toMatchObject({ notes: null, stops: [], stopCount: 0 });
  });
});
