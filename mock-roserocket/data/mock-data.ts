import type { MockData } from './contract.ts';
import { seedDemo } from './seed/demo.ts';
import { SEED } from './seed/ids.ts';
import { seedOther } from './seed/other.ts';
import { OrgData } from './store.ts';

function seedAll(): Map<string, OrgData> {
  const demo = new OrgData(SEED.demo.orgId);
  seedDemo(demo);
  const other = new OrgData(SEED.other.orgId);
  seedOther(other);
  return new Map([
    [demo.orgId, demo],
    [other.orgId, other],
  ]);
}

class SeededMockData implements MockData {
  private orgs = seedAll();

  reset(): void {
    this.orgs = seedAll();
  }

  org(orgId: string): OrgData {
    let org = this.orgs.get(orgId);
    if (!org) this.orgs.set(orgId, (org = new OrgData(orgId)));
    return org;
  }
}

export function createMockData(): MockData {
  return new SeededMockData();
}
