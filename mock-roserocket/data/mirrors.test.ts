import { describe, expect, it } from 'vitest';
import { SEED } from './index.ts';
import { dataTestApp } from './testing.ts';

const { nightDispatch, ltlDispatchers } = SEED.demo.userGroups;
const boards = SEED.demo.boards;

describe('user groups and boards as records', () => {
  it('reads a group and a board by id, with UG- and B- fullIds', async () => {
    const t = dataTestApp();
    const group = await t.get(`/objects/${nightDispatch.id}`);
    expect(group.status).toBe(200);
    expect(group.body).toMatchObject({
      id: nightDispatch.id,
      objectKey: 'userGroup',
      fullId: expect.stringMatching(/^UG-\d+$/),
      name: 'Night Dispatch',
      description: 'Dispatchers covering the overnight shift',
      type: 'local',
    });
    const board = await t.get(`/objects/${boards.outboundFreight.id}`);
    expect(board.body).toMatchObject({ objectKey: 'board', fullId: expect.stringMatching(/^B-\d+$/), name: 'Outbound Freight', showsObjectKey: 'order', isHidden: false });
    // A hidden board is still a record: GET /boards/{id} answers for it too.
    expect((await t.get(`/objects/${boards.archivedOrders.id}`)).body).toMatchObject({ name: 'Archived Orders', isHidden: true });
  });

  it('autocompletes groups and boards by name, hidden boards left out as /boards/nav leaves them', async () => {
    const t = dataTestApp();
    const groups = await t.get('/objects/autocomplete?objectKey=userGroup&searchTerm=dispatch');
    expect(groups.body.map((g: { id: string }) => g.id)).toEqual([ltlDispatchers.id, nightDispatch.id]);
    const outbound = await t.get('/objects/autocomplete?objectKey=board&searchTerm=outbound');
    expect(outbound.body).toEqual([{ id: boards.outboundFreight.id, objectKey: 'board', fullId: expect.any(String), name: 'Outbound Freight', label: 'Outbound Freight' }]);
    const all = (await t.get('/objects/autocomplete?objectKey=board&limit=500')).body.map((b: { id: string }) => b.id);
    const nav = (await t.get('/boards/nav?limit=500')).body.map((b: { id: string }) => b.id);
    expect([...all].sort()).toEqual([...nav].sort());
  });

  it('lists groups and boards through their own boards, as search does for any record', async () => {
    const t = dataTestApp();
    const nav = await t.get('/boards/nav?objectKey=userGroup');
    expect(nav.body.map((b: { id: string; name: string }) => [b.id, b.name])).toEqual([[boards.defaults.userGroup, 'User Groups']]);
    const groups = await t.post('/objects/search', { boardId: boards.defaults.userGroup, orderByPath: 'name', orderByDirection: 'asc' });
    expect(groups.body.results.map((g: { name: string }) => g.name)).toEqual(['LTL Dispatchers', 'Night Dispatch']);
    const shown = await t.post('/objects/search', { boardId: boards.defaults.board, limit: 500 });
    expect(shown.body.results.map((b: { id: string }) => b.id)).not.toContain(boards.archivedOrders.id);
    expect(shown.body.results.map((b: { id: string }) => b.id)).toContain(boards.nightShift.id);
  });

  it('mirrors a group created through /userGroups at once', async () => {
    const t = dataTestApp();
    const created = (await t.post('/userGroups', { name: 'Billing', description: 'Invoices' })).body;
    expect((await t.get(`/objects/${created.id}`)).body).toMatchObject({ objectKey: 'userGroup', name: 'Billing', description: 'Invoices' });
    expect((await t.get('/objects/autocomplete?objectKey=userGroup&searchTerm=bill')).body.map((g: { id: string }) => g.id)).toEqual([created.id]);
    const history = await t.get(`/events?recordId=${created.id}&objectKey=userGroup`);
    expect(history.body.results.map((e: { type: string }) => e.type)).toEqual(['create']);
  });

  it('takes an audit note on a group and on a board, and lists it afterwards', async () => {
    const t = dataTestApp();
    const note = { message: 'Roster audited today', source: 'agent' };
    const onGroup = await t.post('/events', { recordId: nightDispatch.id, boardId: boards.defaults.userGroup, type: 'internal', json: note });
    expect(onGroup.status).toBe(200);
    expect(onGroup.body).toMatchObject({ recordId: nightDispatch.id, objectKey: 'userGroup', type: 'internal', json: note });
    const listed = await t.get(`/events?recordId=${nightDispatch.id}&objectKey=userGroup&type=internal`);
    expect(listed.body.results.map((e: { id: string }) => e.id)).toEqual([onGroup.body.id]);

    const onBoard = await t.post('/events', { recordId: boards.nightShift.id, boardId: boards.defaults.board, type: 'internal', json: note });
    expect(onBoard.body).toMatchObject({ objectKey: 'board', json: note });
    expect((await t.get(`/events?recordId=${boards.nightShift.id}&objectKey=board`)).body.results[0].id).toBe(onBoard.body.id);
  });

  it('writes and removes groups and boards only through their own endpoints', async () => {
    const t = dataTestApp();
    const managed = /^objectKey "userGroup" records are managed through \/userGroups, not \/objects$/;
    expect((await t.put(`/objects/${nightDispatch.id}`, { objectKey: 'userGroup', json: { name: 'X' } })).body.message).toEqual([expect.stringMatching(managed)]);
    const del = await t.del(`/objects/${nightDispatch.id}`);
    expect(del).toEqual({ status: 400, body: { statusCode: 400, message: [expect.stringMatching(managed)], error: 'Bad Request' } });
    const bulk = await t.post('/objects/bulk_delete', { boardId: boards.defaults.board, objectKey: 'board', ids: [boards.outboundFreight.id] });
    expect(bulk.body.message).toEqual(['objectKey "board" records are managed through /boards, not /objects']);
    expect((await t.get(`/objects/${nightDispatch.id}`)).status).toBe(200);
    expect((await t.get(`/boards/${boards.outboundFreight.id}`)).status).toBe(200);
  });
});

describe('objectKey "event"', () => {
  const eventsOnly = /^objectKey "event" names no records of \/objects: .*GET \/events\?recordId=.*POST \/events$/;

  it('is refused by every /objects route with a pointer to /events', async () => {
    const t = dataTestApp();
    const answers = [
      await t.post('/objects', { objectKey: 'event', json: { type: 'internal' } }),
      await t.patch('/objects', { objectKey: 'event', json: { externalId: 'E-1' } }),
      await t.get('/objects/autocomplete?objectKey=event'),
      await t.get('/objects/event/E-1/external'),
      await t.post('/objects/bulk_delete', { boardId: boards.defaults.order, objectKey: 'event', ids: [SEED.demo.events.erp992StatusChanged] }),
      await t.get(`/events?recordId=${SEED.demo.events.erp992StatusChanged}&objectKey=event`),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body.message).toEqual([expect.stringMatching(eventsOnly)]);
    }
  });

  it('is no record id either: an event id is a 404 on GET /objects/{id}', async () => {
    const t = dataTestApp();
    expect((await t.get(`/objects/${SEED.demo.events.erp992StatusChanged}`)).status).toBe(404);
  });
});
