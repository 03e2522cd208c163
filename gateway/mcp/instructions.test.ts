import { describe, expect, it } from 'vitest';
import { serverInstructions } from './instructions.ts';

const everything = { methods: [], tags: [] };

describe("the instructions' now", () => {
  it("gives the local date, time and weekday in the account's timezone, named, and UTC beside it", () => {
    // 02:30 UTC on a Wednesday is still Tuesday evening in Toronto: "today" there is the 1st.
    const text = serverInstructions(everything, new Date('2026-12-02T02:30:00Z'), 'America/Toronto');
    expect(text).toContain("Now: 2026-12-01 21:30 (Tuesday) in America/Toronto, the account's timezone, so today is 2026-12-01 there; 2026-12-02 02:30 UTC.");
  });

  it('leaves out the UTC date when it is the same day', () => {
    expect(serverInstructions(everything, new Date('2026-12-02T16:10:00Z'), 'America/Toronto')).toContain('2026-12-02 11:10 (Wednesday) in America/Toronto, the account\'s timezone, so today is 2026-12-02 there; 16:10 UTC.');
  });

  it('says UTC alone when the timezone is not known', () => {
    const text = serverInstructions(everything, new Date('2026-12-02T02:30:00Z'), null);
    expect(text).toContain('Now: 2026-12-02 02:30 UTC (Wednesday).');
    expect(text).not.toContain('timezone,');
  });
});
