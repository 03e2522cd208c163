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
  .describe('The kind of record, as an object key such as order, customer, task or load__c. Display names like "Order" are accepted.');

export const recordIdArg = z
  .guid()
  .describe("The record's id (a uuid, the `id` of a result), not its human-readable fullId such as O-19.");

export const optionalBoardIdArg = z
  .guid()
  .optional()
  .describe('The board (a uuid) to work through. Omit it to use the default board of the object key.');

export const boardIdArg = z.guid().describe("The board's id (a uuid), as listed by list_all_roserocket_boards.");

export const externalIdArg = z
  .string()
  .min(1)
  .describe("The record's id in the other system (an ERP or WMS number such as ERP-992), as stored in its externalId.");

export const pathsArg = z
  .array(z.string().min(1))
  .optional()
  .describe('Linked records to include in the answer, as dotted paths (e.g. ["customer", "stops.address"]). Links are left out unless named.');

export const writeFieldsArg = z
  .record(z.string(), z.unknown())
  .describe(
    'Field values by field key (see get_single_roserocket_object_definition_by_id). A link may be given as the linked record id; ' +
      'a list of links as a list of ids. Dates are "YYYY-MM-DD", date-times {dateTimeInLocation:"YYYY-MM-DDTHH:MM:SS"} without Z, money {amount (minor units), currencyCode}.',
  );

export const orderDirectionArg = z.enum(['asc', 'desc']).optional().describe('Sort direction, asc or desc.');
