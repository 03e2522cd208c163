import type { Context, Hono } from 'hono';
import { MockHttpError, notFound } from '../../errors.ts';
import type { MockEnv } from '../../env.ts';
import { checkInt, readBody, throwIfAny, uuidParam } from '../request.ts';
import type { OrgData } from '../store.ts';
import type { UserGroup } from '../types.ts';
import { isUuid, newUuid } from '../uuid.ts';
import { mirrorUserGroup } from '../mirrors.ts';
import { orgOf, nowIso, type RouteDeps, writeContext } from './context.ts';

const groupBody = (g: UserGroup) => ({ id: g.id, name: g.name, type: g.type, description: g.description });
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function findGroup(org: OrgData, c: Context<MockEnv>): UserGroup {
  const groupId = uuidParam(c.req.param('groupId'), 'groupId');
  const group = org.userGroups.get(groupId);
  if (!group) throw notFound(`User group with ID "${groupId}" not found.`);
  return group;
}

function checkUuidList(value: unknown, name: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${name} must be an array`);
    return [];
  }
  if (!value.every(isUuid)) problems.push(`each value in ${name} must be a UUID`);
  return value.filter(isUuid);
}

function rejectUnknownKeys(body: Record<string, unknown>, allowed: readonly string[], problems: string[]) {
  for (const key of Object.keys(body)) if (!allowed.includes(key)) problems.push(`property ${key} should not exist`);
}

/** Endpoints 15–19. */
export function userGroupRoutes(app: Hono<MockEnv>, deps: RouteDeps) {
  app.get('/userGroups', (c) => c.json([...orgOf(c, deps).userGroups.values()].map(groupBody)));

  app.post('/userGroups', async (c) => {
    const org = orgOf(c, deps);
    const body = await readBody(c);
    const problems: string[] = [];
    rejectUnknownKeys(body, ['name', 'description'], problems);
    if (body.name === undefined || body.name === null || body.name === '') problems.push('name should not be empty');
    else if (typeof body.name !== 'string' || !body.name.trim()) problems.push('name must be a non-empty string');
    if (body.description !== undefined && typeof body.description !== 'string') problems.push('description must be a string');
    throwIfAny(problems);

    const name = (body.name as string).trim();
    if ([...org.userGroups.values()].some((g) => sameName(g.name, name))) throw new MockHttpError(409, 'Group name is already in use.');
    const group: UserGroup = { id: newUuid(), name, type: 'local', description: (body.description as string | undefined) ?? '', members: new Map() };
    org.userGroups.set(group.id, group);
    mirrorUserGroup(org, group, writeContext(c, deps));
    return c.json(groupBody(group));
  });

  app.post('/userGroups/search', async (c) => {
    const org = orgOf(c, deps);
    const body = await readBody(c);
    const problems: string[] = [];
    rejectUnknownKeys(body, ['name', 'ids', 'limit', 'offset'], problems);
    if (body.name !== undefined && typeof body.name !== 'string') problems.push('name must be a string');
    const ids = body.ids === undefined ? undefined : checkUuidList(body.ids, 'ids', problems);
    const limit = checkInt(body.limit, 'limit', problems, { min: 0, max: 500 }) ?? 100;
    const offset = checkInt(body.offset, 'offset', problems, { min: 0 }) ?? 0;
    throwIfAny(problems);

    const term = typeof body.name === 'string' ? body.name.trim().toLowerCase() : '';
    const found = [...org.userGroups.values()].filter(
      (g) => (!term || g.name.toLowerCase().includes(term)) && (!ids || ids.includes(g.id)),
    );
    return c.json({ total: found.length, results: found.slice(offset, offset + limit).map(groupBody) });
  });

  app.get('/userGroups/:groupId/members', (c) => {
    const group = findGroup(orgOf(c, deps), c);
    return c.json({ members: [...group.members].map(([id, m]) => ({ id, addedAt: m.addedAt, addedBy: m.addedBy })) });
  });

  app.post('/userGroups/:groupId/members', async (c) => {
    const org = orgOf(c, deps);
    const group = findGroup(org, c);
    const body = await readBody(c);
    const problems: string[] = [];
    rejectUnknownKeys(body, ['add', 'remove'], problems);
    const add = checkUuidList(body.add, 'add', problems);
    const remove = checkUuidList(body.remove, 'remove', problems);
    if (body.add === undefined && body.remove === undefined) problems.push('add or remove should not be empty');
    add.forEach((id, i) => {
      if (!org.isUser(id)) problems.push(`add.${i}: user "${id}" is not a user of this org`);
    });
    throwIfAny(problems);

    // Removal wins: an id in both lists ends up out of the group.
    const removing = new Set(remove);
    let removed = 0;
    for (const id of removing) if (group.members.delete(id)) removed++;
    let added = 0;
    const addedBy = org.userName(c.get('userId'));
    for (const id of new Set(add)) {
      if (removing.has(id) || group.members.has(id)) continue;
      group.members.set(id, { addedAt: nowIso(deps), addedBy });
      added++;
    }
    return c.json({ added, removed });
  });
}
