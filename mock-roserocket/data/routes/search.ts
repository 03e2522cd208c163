import type { Hono } from 'hono';
import { MockHttpError } from '../../errors.ts';
import type { MockEnv } from '../../env.ts';
import { parsePaths, renderRecord } from '../expand.ts';
import { checkFilters } from '../filters.ts';
import { checkDirection, checkInt, checkRecordKey, checkUuid, findBoard, queryList, readBody, throwIfAny } from '../request.ts';
import { labelOf, resolvePath } from '../schema.ts';
import { applyFilters, orderRecords } from '../search.ts';
import type { SearchFilter } from '../types.ts';
import { isUuid } from '../uuid.ts';
import { isPlainObject } from '../values.ts';
import { orgOf, type RouteDeps } from './context.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const AUTOCOMPLETE_LIMIT = 20;

/** The three combinations the live service answers with a bare 500; strict mode copies them. */
const QUIRKS: ReadonlyArray<[SearchFilter['fieldType'], string]> = [
  ['SelectField', 'equals'],
  ['DateField', 'between'],
  ['DerivedField', 'in'],
];

/** Endpoints 10–11: search through a board, and autocomplete. */
export function searchRoutes(app: Hono<MockEnv>, deps: RouteDeps) {
  app.post('/objects/search', async (c) => {
    const org = orgOf(c, deps);
    const body = await readBody(c);
    const problems: string[] = [];
    const boardId = checkUuid(body.boardId, 'boardId', problems);
    throwIfAny(problems);
    const board = findBoard(org, boardId!);
    const objectKey = board.objectKey;

    const filters = checkFilters(objectKey, body.filters, 'filters', problems);
    const filtersOperator = body.filtersOperator ?? 'and';
    if (filtersOperator !== 'and' && filtersOperator !== 'or') problems.push('filtersOperator must be one of the following values: and, or');
    const orderByPath = body.orderByPath ?? 'createdAt';
    if (typeof orderByPath !== 'string') problems.push('orderByPath must be a string');
    else {
      const resolved = resolvePath(objectKey, orderByPath);
      if (typeof resolved === 'string') problems.push(`orderByPath: ${resolved}`);
    }
    const direction = checkDirection(body.orderByDirection, 'orderByDirection', problems) ?? 'desc';
    if (body.timezone !== undefined && typeof body.timezone !== 'string') problems.push('timezone must be a string');
    const page = checkPage(body, problems);
    throwIfAny(problems);
    const paths = parsePaths(objectKey, body.paths);

    if (deps.options.quirks()) {
      const quirk = filters.find((f) => QUIRKS.some(([type, op]) => f.fieldType === type && f.operator === op));
      if (quirk) throw new MockHttpError(500, 'Internal server error');
    }

    // The board's own filters always apply; the caller's combine among themselves.
    const scoped = applyFilters(org, org.recordsOf(objectKey), board.baseFilters, 'and');
    const found = applyFilters(org, scoped, filters, filtersOperator as 'and' | 'or');
    const ordered = orderRecords(org, found, orderByPath as string, direction);
    const results = ordered.slice(page.offset, page.offset + page.limit).map((r) => renderRecord(org, r, paths));
    return c.json({ total: found.length, results });
  });

  app.get('/objects/autocomplete', (c) => {
    const org = orgOf(c, deps);
    const problems: string[] = [];
    const def = checkRecordKey(c.req.query('objectKey'), 'objectKey', problems);
    const ids = queryList(c, 'ids');
    if (ids?.some((id) => !isUuid(id))) problems.push('each value in ids must be a UUID');
    const labelPath = c.req.query('labelPath') || undefined;
    if (def && labelPath) {
      const resolved = resolvePath(def.key, labelPath);
      if (typeof resolved === 'string') problems.push(`labelPath: ${resolved}`);
    }
    const limit = checkInt(c.req.query('limit'), 'limit', problems, { min: 1, max: MAX_LIMIT }) ?? AUTOCOMPLETE_LIMIT;
    throwIfAny(problems);

    const term = (c.req.query('searchTerm') ?? '').trim().toLowerCase();
    const wanted = ids ? new Set(ids) : undefined;
    const results = org
      .recordsOf(def!.key)
      .filter((r) => !wanted || wanted.has(r.id))
      // Hidden boards stay out, as they do from /boards/nav.
      .filter((r) => !(r.objectKey === 'board' && r.fields.isHidden === true))
      .map((r) => ({ id: r.id, objectKey: r.objectKey, fullId: r.fullId, name: labelOf(org, r), label: labelOf(org, r, labelPath) }))
      .filter((item) => !term || [item.name, item.label, item.fullId].some((text) => text.toLowerCase().includes(term)))
      .sort((a, b) => a.label.localeCompare(b.label) || a.fullId.localeCompare(b.fullId, undefined, { numeric: true }));
    return c.json(results.slice(0, limit));
  });
}

/** `limit`/`offset` at the top level win over the `pagination` object. */
function checkPage(body: Record<string, unknown>, problems: string[]) {
  let pagination: Record<string, unknown> = {};
  if (body.pagination !== undefined) {
    if (isPlainObject(body.pagination)) pagination = body.pagination;
    else problems.push('pagination must be an object {limit, offset}');
  }
  const pick = (key: 'limit' | 'offset') =>
    body[key] !== undefined ? { name: key, value: body[key] } : { name: `pagination.${key}`, value: pagination[key] };
  const number = ({ name, value }: { name: string; value: unknown }, max?: number) => {
    // A JSON body carries numbers; "10" is a client bug worth naming, not coercing.
    if (typeof value === 'string') {
      problems.push(`${name} must be an integer number`);
      return undefined;
    }
    return checkInt(value, name, problems, max === undefined ? { min: 0 } : { min: 0, max });
  };
  return { limit: number(pick('limit'), MAX_LIMIT) ?? DEFAULT_LIMIT, offset: number(pick('offset')) ?? 0 };
}
