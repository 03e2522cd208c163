import { describe, expect, it } from 'vitest';
import { SEED } from './index.ts';
import { dataTestApp } from './testing.ts';

const { nightDispatch, ltlDispatchers } = SEED.demo.userGroups;
const users = SEED.demo.users;
const missing = '00000000-0000-4000-8000-000000000000';

describe('user groups', () => {
  it('lists groups as a bare array of {id, name, type, description}', async () => {
    const t = dataTestApp();
    const res = await t.get('/userGroups');
    expect(res.body).toEqual([
      { id: nightDispatch.id, name: 'Night Dispatch', type: 'local', description: 'Dispatchers covering the overnight shift' },
      { id: ltlDispatchers.id, name: 'LTL Dispatchers', type: 'local', description: 'Less-than-truckload desk' },
    ]);
  });

  it('creates a group and refuses a duplicate name in any case', async () => {
    const t = dataTestApp();
    const res = await t.post('/userGroups', { name: 'Billing', description: 'Invoices and bills' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String), name: 'Billing', type: 'local', description: 'Invoices and bills' });
    expect(await t.post('/userGroups', { name: '  night DISPATCH ' })).toEqual({
      status: 409,
      body: { statusCode: 409, message: 'Group name is already in use.', error: 'Conflict' },
    });
    expect((await t.post('/userGroups', {})).body.message).toEqual(['name should not be empty']);
    expect((await t.post('/userGroups', { name: 5, description: 1, admins: [] })).body.message).toEqual([
      'property admins should not exist', 'name must be a non-empty string', 'description must be a string',
    ]);
  });

  it('searches by name and ids with paging', async () => {
    const t = dataTestApp();
    expect((await t.post('/userGroups/search', { name: 'dispatch' })).body.total).toBe(2);
    const byName = await t.post('/userGroups/search', { name: 'night' });
    expect(byName.body).toEqual({ total: 1, results: [expect.objectContaining({ id: nightDispatch.id })] });
    const byIds = await t.post('/userGroups/search', { ids: [ltlDispatchers.id] });
    expect(byIds.body.results.map((g: { name: string }) => g.name)).toEqual(['LTL Dispatchers']);
    const paged = await t.post('/userGroups/search', { limit: 1, offset: 1 });
    expect(paged.body).toEqual({ total: 2, results: [expect.objectContaining({ id: ltlDispatchers.id })] });
    expect((await t.post('/userGroups/search', { ids: ['x'], limit: -1 })).body.message).toEqual([
      'each value in ids must be a UUID', 'limit must not be less than 0',
    ]);
  });

  it('lists members with when and by whom they were added', async () => {
    const t = dataTestApp();
    const res = await t.get(`/userGroups/${nightDispatch.id}/members`);
    expect(res.body.members.map((m: { id: string }) => m.id)).toEqual([users.marcus, users.priya, users.luis]);
    expect(res.body.members[0]).toEqual({ id: users.marcus, addedAt: expect.any(String), addedBy: 'Dana Reyes' });
    // Seeded before the mock's clock: the groups were there when it started.
    expect(Date.parse(res.body.members[0].addedAt)).toBeLessThan(Date.parse('2025-06-02T12:00:00.000Z'));
    expect(await t.get(`/userGroups/${missing}/members`)).toEqual({
      status: 404,
      body: { statusCode: 404, message: `User group with ID "${missing}" not found.`, error: 'Not Found' },
    });
    expect((await t.get('/userGroups/night/members')).body.message).toEqual(['groupId must be a UUID']);
  });

  it('adds and removes members; removal wins when an id is in both', async () => {
    const t = dataTestApp();
    const path = `/userGroups/${nightDispatch.id}/members`;
    const res = await t.post(path, { add: [users.grace, users.dana, users.marcus], remove: [users.priya, users.dana] });
    expect(res.body).toEqual({ added: 1, removed: 1 });
    const ids = (await t.get(path)).body.members.map((m: { id: string }) => m.id);
    expect(ids).toEqual([users.marcus, users.luis, users.grace]);
  });

  it('names bad member updates', async () => {
    const t = dataTestApp();
    const path = `/userGroups/${nightDispatch.id}/members`;
    expect((await t.post(path, {})).body.message).toEqual(['add or remove should not be empty']);
    expect((await t.post(path, { add: 'x', remove: ['y'] })).body.message).toEqual(['add must be an array', 'each value in remove must be a UUID']);
    expect((await t.post(path, { add: [missing] })).body.message).toEqual([`add.0: user "${missing}" is not a user of this org`]);
    expect((await t.post(`/userGroups/${missing}/members`, { add: [] })).status).toBe(404);
  });
});
