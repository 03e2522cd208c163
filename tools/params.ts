import { z } from 'zod';

/**
 * Arguments several tools share, described once. Names are snake_case for
 * the model; each tool maps them to Rose Rocket's camelCase on the wire.
 */

/**
 * The gateway adds the account's real keys as a JSON-Schema `enum` to every
 * property named exactly `object_key`, so this name is part of the contract.
 */
export const objectKeyArg = z
  .string()
  .min(1)
  .describe('Kind of record.');

export const recordIdArg = z
  .guid()
  .describe("Record id (uuid).");

export const optionalBoardIdArg = z
  .guid()
  .optional()
  .describe("Board to work through; default: the kind's first board.");

export const boardIdArg = z.guid().describe('Board id.');

export const externalIdArg = z
  .string()
  .min(1)
  .describe('Id in the other system (its externalId), e.g. ERP-992.');

export const pathsArg = z
  .array(z.string().min(1))
  .optional()
  .describe('Links to include, dotted: ["customer","stops.address"].');

export const writeFieldsArg = z
  .record(z.string(), z.unknown())
  .describe(
    'Values by field key (get_single_roserocket_object_definition_by_id lists them). Link: a record id. Date "YYYY-MM-DD"; dateTime {dateTimeInLocation:"YYYY-MM-DDTHH:MM:SS"}, no Z; money {amount in cents, currencyCode}.',
  );

export const orderDirectionArg = z.enum(['asc', 'desc']).optional().describe('Sort direction.');
