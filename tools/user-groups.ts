import { z } from 'zod';
import { CREATES, OVERWRITES, READS } from './annotations.ts';
import { defineTool, ToolInputError } from './define.ts';
import { arrayIn, pageOf, pageOfAll, pageOfResults, pagingInput } from './paging.ts';

/** User groups: teams such as "Night Dispatch", and who is in them. */

const TAGS = ['user_groups', 'admin'] as const;

const groupIdArg = z.string().min(1).describe('Group id or fullId (UG-2).');
const userIdsArg = z.array(z.string().min(1).describe('uuid or fullId.')).max(100);

export const listUserGroups = defineTool({
  name: 'list_all_roserocket_user_groups',
  title: 'List user groups',
  description: "List the user groups (teams such as Night Dispatch).",
  method: 'list',
  tags: TAGS,
  annotations: READS,
  example: {},
  input: z.object({ ...pagingInput() }),
  request: () => ({ method: 'GET', path: ['userGroups'] }),
  result: (body, args) => pageOfAll(arrayIn(body), pageOf(args)),
});

export const searchUserGroups = defineTool({
  name: 'roserocket_user_groups_search',
  title: 'Find user groups by name or id',
  description: "Find user groups by name (\"Night Dispatch\") or ids, to get their ids.",
  method: 'search',
  tags: TAGS,
  annotations: READS,
  example: { name: 'Night Dispatch' },
  input: z.object({
    name: z.string().min(1).optional().describe('Name, or part of it.'),
    ids: z.array(z.string().min(1).describe('uuid or fullId.')).max(100).optional().describe('Only these groups.'),
    ...pagingInput(),
  }),
  ids: { ids: 'userGroup' },
  request: (args) => {
    const { offset, limit } = pageOf(args);
    return { method: 'POST', path: ['userGroups', 'search'], body: { name: args.name, ids: args.ids, limit, offset } };
  },
  result: pageOfResults,
});

export const createUserGroup = defineTool({
  name: 'create_a_roserocket_user_group',
  title: 'Create a user group',
  description: "Create a user group (a team); an existing name is refused.",
  method: 'create',
  tags: TAGS,
  annotations: CREATES,
  example: { name: 'Weekend Dispatch', description: 'Saturday and Sunday cover' },
  input: z.object({
    name: z.string().trim().min(1).max(200).describe('Group name.'),
    description: z.string().max(1000).optional().describe('What it is for.'),
  }),
  request: (args) => ({ method: 'POST', path: ['userGroups'], body: { name: args.name, description: args.description } }),
});

export const listUserGroupMembers = defineTool({
  name: 'list_all_roserocket_user_group_members',
  title: "List a user group's members",
  description: "List a group's members (user ids, added when and by whom). Names: autocomplete object_key user with these ids.",
  method: 'list',
  tags: TAGS,
  annotations: READS,
  example: { group_id: '4ee7e286-5a56-4099-8d30-3064d943485c' },
  input: z.object({ group_id: groupIdArg, ...pagingInput() }),
  ids: { group_id: 'userGroup' },
  request: (args) => ({ method: 'GET', path: ['userGroups', args.group_id, 'members'] }),
  result: (body, args) => pageOfAll(arrayIn(body, 'members'), pageOf(args)),
});

export const updateUserGroupMembers = defineTool({
  name: 'roserocket_user_groups_update_members',
  title: 'Add or remove user group members',
  description: "Add and remove members of a group in one call; a user in both lists is removed.",
  method: 'update_members',
  tags: TAGS,
  annotations: OVERWRITES,
  example: { group_id: '4ee7e286-5a56-4099-8d30-3064d943485c', add: ['2cd32e9f-11cc-4d43-a9a2-e38d457059d2'], remove: ['39372f77-c405-4887-971d-4310ed0d865e'] },
  input: z.object({
    group_id: groupIdArg,
    add: userIdsArg.default([]).describe('User ids to add.'),
    remove: userIdsArg.default([]).describe('User ids to remove.'),
  }),
  ids: { group_id: 'userGroup', add: 'user', remove: 'user' },
  request: (args) => {
    if (args.add.length === 0 && args.remove.length === 0) throw new ToolInputError('add', 'nothing to change: give at least one user id in add or remove');
    return { method: 'POST', path: ['userGroups', args.group_id, 'members'], body: { add: args.add, remove: args.remove } };
  },
});

export const USER_GROUP_TOOLS = [listUserGroups, createUserGroup, searchUserGroups, listUserGroupMembers, updateUserGroupMembers];
