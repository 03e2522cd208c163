/**
 * Child process of the SIGKILL test: writes records to the fs store in a loop
 * until it is killed. Each turn creates an MCP server, rewrites another one,
 * and replaces one large document (large, so a kill lands mid-write often).
 * Prints one line per finished turn so the parent knows writes are under way.
 */
import { createRecords } from '../../gateway/records/index.ts';
import { createFsStore } from '../../gateway/store/fs.ts';
import { accountInput, ENCRYPTION_KEY } from './fixtures.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: fs-writer.child.ts <data folder>');

const store = await createFsStore({ dir });
const records = await createRecords({ store, encryptionKey: ENCRYPTION_KEY });
const account = (await records.accounts.list())[0] ?? (await records.accounts.create(accountInput()));
const config = { methods: ['read'], tags: [], require_api_token_auth: false };
const { server: rewritten } = await records.mcpServers.create(account.id, { name: 'rewritten', config, expires_at: null });

for (let turn = 0; ; turn++) {
  await records.mcpServers.create(account.id, { name: `server ${turn} ${'n'.repeat(150)}`, config, expires_at: null });
  await records.mcpServers.update(account.id, rewritten.id, { name: `rewritten ${turn} ${'r'.repeat(150)}` });
  const payload = String(turn % 10).repeat(256 * 1024 + turn);
  await store.set('blob:big', { turn, length: payload.length, payload });
  process.stdout.write(`turn ${turn}\n`);
}
