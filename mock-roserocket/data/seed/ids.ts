import { DEMO_ORG, OTHER_ORG } from '../../orgs.ts';

/**
 * Fixed ids and names of the seed that tests and docs may name. Everything
 * else in the seed is derived deterministically from these lists, so it too
 * is the same on every start and after every reset.
 */
export const SEED = {
  demo: {
    orgId: DEMO_ORG.orgId,
    /** Where the demo's local dates ("today", pickups, due dates) are reckoned. */
    timezone: DEMO_ORG.timezone,
    users: {
      dana: DEMO_ORG.userId,
      marcus: '39372f77-c405-4887-971d-4310ed0d865e',
      priya: '5c65df54-2573-434e-a1ee-c5693957c684',
      luis: '04c02f0c-6fe7-439e-851e-1a9acc630dd5',
      grace: '2cd32e9f-11cc-4d43-a9a2-e38d457059d2',
    },
    customers: {
      acmeCorp: { id: 'ccb031ea-b2a7-4ca6-8f2f-7cda97cae06e', name: 'Acme Corp' },
      acmeLogistics: { id: '5303669a-b47b-4101-80ce-53a5a1da2526', name: 'Acme Logistics' },
    },
    /** Acme Corp's warehouse, one of its `locations`. */
    addresses: {
      acmeChicagoWarehouse: { id: 'c0377455-4df6-4b6e-84d0-c44d21a22b20', name: 'Acme Chicago Warehouse' },
    },
    orders: {
      /** The article's order: `ERP-992` (`O-1`), with create, mutate, `order.status-changed` and (unlisted) `widget-open` events. */
      erp992: { id: '573acfa2-b038-4ee9-af91-2c3c91bb3ccd', externalId: 'ERP-992', fullId: 'O-1' },
      /** The order a dispatcher calls "99281": an imported order that kept its number; in transit, four stops. */
      o99281: { id: '69f4b4ed-00c2-407b-a922-251c6b206d53', fullId: 'O-99281' },
      /** Acme Corp's order from the ERP, booked, pickup tomorrow at the Chicago warehouse. */
      sap10992: { id: 'c6f5f762-e588-45d2-9e92-cc20b88d3bc5', externalId: 'SAP-10992' },
    },
    events: {
      erp992StatusChanged: '34e70607-b341-43ae-9f04-afe178115742',
      erp992WidgetOpen: 'ebb4c7a3-cdad-442f-bed4-fd764839e72f',
    },
    boards: {
      /** The first board listed for each key: what tools use as the key's default. */
      defaults: {
        order: 'b70acb8e-8163-475e-887c-ad83b9bdd74b',
        customer: 'b8a8c894-8fa7-4c6b-937d-69eb9168ff31',
        task: '4603b6b9-4084-4bd7-bd87-c824d1abdc60',
        stop: '6aa7fb69-8d60-4fa8-be3b-eeb216ed7529',
        manifest: 'ec435a54-0471-4c2f-9fd0-4331508f6a1b',
        commodity: '60cd0cfc-c234-4661-bf3c-6dcdbf1b979b',
        partner: '293234a1-cb2b-492d-bd85-a6124b158dce',
        contact: 'eceb2125-8607-46e5-a92c-f02b9f4c6bc9',
        address: 'f25b2bda-abfd-473f-affe-86a36d256479',
        quote: 'c42e4f20-ee8b-4d9b-9f15-9df50b919594',
        user: '86c18351-a44a-4752-b661-dd8de0121238',
        load__c: 'b52aec7a-ca48-48f1-8b96-1edf124d2cd2',
        userGroup: '3f0b8c52-6e1d-4a7f-9b24-58c1d7e3a906',
        board: 'a7d4e91b-2c5f-4b38-8e06-c93f1a5b7d24',
      },
      /** Orders, with a base filter: status booked, dispatched or in-transit. */
      outboundFreight: { id: '8a31349c-88cb-429f-a866-197b8a0c2610', name: 'Outbound Freight' },
      /** Tasks that are open or in progress, with widgets, widgetToOpen and locations. */
      nightShift: { id: '1c801d0c-ab12-45f2-ad1b-7fb1e8bfbb17', name: 'Night Shift — Active' },
      /** Hidden (admin list only): delivered or cancelled orders. */
      archivedOrders: { id: '2d03d72e-67fb-4b52-b5f3-b2abc81608c5', name: 'Archived Orders' },
      /** `isExternal`: loads shared with carriers. */
      carrierPortal: { id: '0ec58584-f1b1-44d8-b391-afe7e3b0cd9b', name: 'Carrier Portal Loads' },
    },
    views: {
      outboundByPickup: '5194b483-792d-4cc6-ba8e-3ca935caad9c',
      outboundKanban: '44a854cd-b1b9-459b-80c8-9f7657b38045',
    },
    userGroups: {
      nightDispatch: { id: '4ee7e286-5a56-4099-8d30-3064d943485c', name: 'Night Dispatch' },
      ltlDispatchers: { id: '88e96cbe-4037-4261-99fe-36b4babaf080', name: 'LTL Dispatchers' },
    },
    counts: { customer: 25, order: 62, task: 40, load__c: 8, user: 5 },
  },
  other: {
    orgId: OTHER_ORG.orgId,
    timezone: OTHER_ORG.timezone,
    users: {
      noor: OTHER_ORG.userId,
      ivan: 'a843396b-2f21-42c8-b6e8-b8c55c7846dd',
      mei: '9519e14f-e7b5-4500-a84f-3f2a0b7cc2f1',
    },
    customers: {
      northwindRetail: { id: '1b22a0f2-df7f-4e61-877b-37ac53dc1dbc', name: 'Northwind Retail' },
    },
    boards: {
      defaults: {
        order: 'c952f337-8d6d-4a48-a8ee-921cb0d481ab',
        customer: '10f125e1-651e-43d1-a1be-c6a7a61f6946',
        task: '80809832-abc0-4a77-a796-748dda37b9ae',
        stop: '82300b66-cee0-4961-8836-e9e13caccdd4',
        partner: '0a15c0e7-518b-4085-b6e2-166ae245b4a9',
        load__c: '90c65787-c3eb-4455-82fa-bb634286403f',
        userGroup: 'd2e6a1f4-8b3c-4e57-a190-6f4c2b8d5e13',
        board: '6b9f3d07-1a4e-4c82-b5d6-e2a7c0f49b81',
      },
    },
    userGroups: {
      yardCrew: { id: '1441f8cb-8e72-492c-b797-daec5177347f', name: 'Yard Crew' },
    },
    counts: { customer: 4, order: 8, task: 4, load__c: 2, user: 3 },
  },
} as const;
