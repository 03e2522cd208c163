import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../mock-roserocket/data/definitions.ts';
import { apiHits, startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.ts';
import { connect, ERAS, type McpTestClient } from '../support/mcp-clients.ts';
import { errorPayload } from '../support/tool-results.ts';

/**
 * Bad arguments come back as an `isError` result a model can correct itself
 * from: the field is named, the reason given, and nothing is sent to Rose
 * Rocket on the model's behalf.
 */

interface InvalidArguments {
  error: 'invalid_arguments';
  message: string;
  issues: Array<{ field: string; message: string }>;
}

let env: E2eEnvironment;
let url: string;
beforeAll(async () => {
  env = await startE2eEnvironment();
  url = (await env.createMcpServer('bad arguments')).url;
});
afterAll(() => env?.close());

describe.each(ERAS)('bad arguments, with a %s client', (era) => {
  let client: McpTestClient;
  beforeAll(async () => {
    client = await connect(era, url);
  });
  afterAll(() => client?.close());

  /** Calls the tool, checks nothing but lookups reached Rose Rocket, and returns the error. */
  async function refused(name: string, args: Record<string, unknown>): Promise<InvalidArguments> {
    const { value, hits } = await env.hitsDuring(() => client.callTool(name, args));
    const error = errorPayload<InvalidArguments>(value);
    expect(error.error).toBe('invalid_arguments');
    // The object-definition directory may load on first use; the operation itself is never sent.
    expect(apiHits(hits).filter((hit) => !hit.path.includes('/recipes/'))).toEqual([]);
    return error;
  }

  it('names a field of the wrong type', async () => {
    const error = await refused('list_all_roserocket_objects', { object_key: 'order', limit: 'ten' });
    expect(error.issues).toEqual([{ field: 'limit', message: expect.stringMatching(/number/i) }]);
    expect(error.message).toContain('limit');
  });

  it('names a missing required argument', async () => {
    const error = await refused('get_single_roserocket_object_by_id', {});
    expect(error.issues).toEqual([{ field: 'record_id', message: expect.any(String) }]);
  });

  it('names an unknown object key and lists the ones the tool takes', async () => {
    const error = await refused('list_all_roserocket_objects', { object_key: 'shipment' });
    expect(error.issues).toEqual([{ field: 'object_key', message: expect.stringContaining('unknown object key "shipment"; this tool takes: ') }]);
    // Every record kind of the account, and not event, which is no record.
    for (const key of DEFINITIONS.keys()) expect(error.issues[0]!.message.includes(key), key).toBe(key !== 'event');
  });

  it('names a next_cursor it did not issue', async () => {
    const error = await refused('list_all_roserocket_objects', { object_key: 'order', next_cursor: 'page-2-please' });
    expect(error.issues).toEqual([{ field: 'next_cursor', message: expect.stringContaining('next_cursor of the previous page') }]);
  });

  it('names a required field a create leaves out, before anything is written', async () => {
    const error = await refused('create_a_roserocket_object', { object_key: 'Task', fields: { title: 'Call the consignee' } });
    expect(error.issues).toEqual([{ field: 'fields.order', message: expect.stringContaining('required for a new Task') }]);
  });

  it('names a malformed id', async () => {
    const error = await refused('get_single_roserocket_board_by_id', { board_id: 'night-shift' });
    expect(error.issues).toEqual([{ field: 'board_id', message: expect.any(String) }]);
  });
});
