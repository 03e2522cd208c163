import type { OrgData } from './store.ts';

/** The seam with the PLATFORM side (see index.ts). */
export interface DataOptions {
  /** Strict mode: the three live search quirks answer 500 (SelectField+equals, DateField+between, DerivedField+in). */
  quirks: () => boolean;
  /** Clock, for deterministic timestamps (ms since epoch). */
  now: () => number;
}

export interface MockData {
  /** Back to the seed, every org. */
  reset(): void;
  /**
   * One org's data, for the data routes. An org the seed does not know gets
   * an empty store of its own (never another org's).
   */
  org(orgId: string): OrgData;
}
