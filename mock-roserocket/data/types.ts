/**
 * The shapes the mock keeps in memory. Stored records hold links as ids;
 * they become `{id, objectKey, orgId, name, fullId}` only when rendered.
 */

export type FieldType = 'text' | 'number' | 'select' | 'date' | 'dateTime' | 'money' | 'toggle' | 'connection' | 'derived';

export interface FieldDef {
  key: string;
  type: FieldType;
  label: string;
  isArray: boolean;
  isRequired: boolean;
  isDerived?: boolean;
  typeConfig: {
    options?: readonly string[];
    /** Target of a connection. */
    objectKey?: string;
    /** What a derived field computes to, so search can compare it. */
    valueType?: 'text' | 'number';
  };
}

export interface Widget {
  key: string;
  name: string;
  version: number;
}

export interface ObjectDef {
  key: string;
  label: string;
  /** `O` → `O-19`. */
  fullIdPrefix: string;
  /** Field shown as a link's `name` and as the autocomplete label. */
  labelPath: string;
  /** Records of these keys are written through their own endpoints, never `/objects` (they are still read there). */
  managedAt?: string;
  /** Not records at all: every `/objects` route refuses the key and points here. */
  onlyAt?: string;
  widgets: readonly Widget[];
  fields: readonly FieldDef[];
}

export interface DateTimeValue {
  dateTimeInLocation: string;
  dateTimeInLocationEnd: string | null;
  timezone?: string;
}

export interface MoneyValue {
  amount: number;
  currencyCode: string;
}

export interface StoredRecord {
  id: string;
  objectKey: string;
  orgId: string;
  fullId: string;
  externalId: string | null;
  source: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  version: number;
  /** Field values by key; `status` lives here too. Connections hold an id or an id[]. */
  fields: Record<string, unknown>;
}

export interface ChangedField {
  field: string;
  value: unknown;
  prevValue: unknown;
}

export interface EventUser {
  id: string;
  email: string | null;
  firstName: string | null;
}

export interface StoredEvent {
  id: string;
  type: string;
  recordId: string;
  objectKey: string;
  boardId: string | null;
  orgId: string;
  createdAt: string;
  user: EventUser;
  json: Record<string, unknown>;
}

export type FieldTypeName = 'TextField' | 'SelectField' | 'DateField' | 'ToggleField' | 'ConnectionField' | 'NumberField' | 'DerivedField';

export interface SearchFilter {
  filterKey?: string;
  path: string;
  operator: string;
  value?: unknown;
  fieldType: FieldTypeName;
}

export interface BoardLocation {
  id: string;
  name: string;
  type: 'terminal' | 'yard' | 'warehouse' | 'customer';
  address: { address1: string; city: string; state: string; postal: string; country: string };
  timezone: string;
}

export interface Board {
  id: string;
  key: string;
  labelId: string;
  name: string;
  icon: string | null;
  objectKey: string;
  isExternal: boolean;
  isHidden: boolean;
  createdAt: string;
  widgets: Widget[];
  widgetToOpen: Widget | null;
  locations: BoardLocation[];
  /** Applied to every search through the board, ANDed with the caller's filters. */
  baseFilters: SearchFilter[];
}

export type ViewLayout = 'table' | 'kanban' | 'map';

export interface BoardView {
  id: string;
  boardId: string;
  labelId: string;
  name: string;
  layout: ViewLayout;
  columnIds: string[];
  filters: SearchFilter[];
  orderByPath?: string;
  orderByDirection?: 'asc' | 'desc';
  createdAt: string;
  updatedAt: string;
}

export interface GroupMember {
  addedAt: string;
  /** The adding user's name, as Rose Rocket documents it. */
  addedBy: string;
}

export interface UserGroup {
  id: string;
  name: string;
  type: 'local';
  description: string;
  members: Map<string, GroupMember>;
}

/** Who is acting, and when: every write is stamped with both. */
export interface Actor {
  userId: string;
  now: string;
}
