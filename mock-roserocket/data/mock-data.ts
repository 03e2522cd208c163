import type { MockData } from './contract.ts';
import { seedDemo } from './seed/demo.ts';
import { SEED } from './seed/ids.ts';
import { seedOther } from './seed/other.ts';
import { OrgData } from './store.ts';

/** Seeds every org as of `now`: the demo's dates are relative to it. */
function seedAll(now: number): Map<string, OrgData> {
  const demo = new OrgData(SEED.demo.orgId);
  seedDemo(demo, now);
  const other = new OrgData(SEED.other.orgId);
  seedOther(other, now);
  return new Map([
    [demo.orgId, demo],
    [other.orgId, other],
  ]);
}

class SeededMockData implements MockData {
  private orgs: Map<string, OrgData>;

  constructor(private readonly now: () => number) {
    this.orgs = seedAll(now());
  }

  /** Seeds again as of the clock's present time, so a long-running demo's "today" is still today. */
  reset(): void {
    this.orgs = seedAll(this.now());
  }

  org(orgId: string): OrgData {
    let org = this.orgs.get(orgId);
    if (!org) this.orgs.set(orgId, (org = new OrgData(orgId)));
    return org;
  }
}

/** `now` is the mock's clock (ms since the epoch); a fixed clock gives the same seed every time. */
export function createMockData(now: () => number = Date.now): MockData {
  return new SeededMockData(now);
}
