import { z } from 'zod';

/**
 * Arguments several tools share, described once. Names are snake_case for
 * the model; each tool maps them to Rose Rocket's camelCase on the wire.
 */

/**
 * The gateway adds to the description of every property named exactly
 * `object_key` the account's kinds the tool takes (kinds.ts), so this name
 * is part of the contract.
 */
export const objectKeyArg = z
  .string()
  .min(1)
  .describe('Kind of record.');

/**
 * Record ids take what people say too; the tool declares them in its `ids`
 * so that they are resolved to uuids before it runs (record-ids.ts).
 */
export const recordIdArg = z.string().min(1).describe('Record: uuid, fullId (O-57) or number.');

export const recordIdsArg = z.array(recordIdArg.describe('uuid, fullId or number.'));

export const optionalBoardIdArg = z
  .string()
  .min(1)
  .optional()
  .describe("Board to go through; default: the kind's first.");

export const boardIdArg = z.string().min(1).describe('Board id or fullId.');

export const externalIdArg = z
  .string()
  .min(1)
  .describe('Its id in the other system, e.g. ERP-992.');

export const pathsArg = z
  .array(z.string().min(1))
  .optional()
  .describe('Links to include (customer), or their fields (stops.city).');

export const writeFieldsArg = z
  .record(z.string(), z.unknown())
  .describe(
    'By field key (see the kind\'s definition). Link: a record id, or a new record\'s fields; date "YYYY-MM-DD"; dateTime {dateTimeInLocation:"YYYY-MM-DDTHH:MM:SS"}, no Z; money {amount in cents, currencyCode}.',
  );

export const orderDirectionArg = z.enum(['asc', 'desc']).optional().describe('Sort direction.');
