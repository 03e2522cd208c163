const DAY = 86_400_000;

/**
 * Dates of the seed, relative to the moment it is written: "today" is the
 * org's local date at `now`, so a demo always has pickups today and tasks
 * overdue, and a test with a fixed clock always gets the same data.
 */
export class Calendar {
  /** The org's local date at `now`, `YYYY-MM-DD`. */
  readonly today: string;

  constructor(
    readonly now: number,
    readonly timeZone: string,
  ) {
    // en-CA formats as YYYY-MM-DD.
    this.today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  }

  /** The local date `offset` days from today. */
  date(offset: number): string {
    const [y, m, d] = this.today.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
  }

  /** A local date-time (`YYYY-MM-DDTHH:MM:00`, no zone, as the API writes them) at `time` on that day. */
  at(offset: number, time: string): string {
    return `${this.date(offset)}T${time}:00`;
  }

  /** A dateTime value, optionally a window lasting `hours`. */
  dateTime(offset: number, time: string, hours?: number): { dateTimeInLocation: string; dateTimeInLocationEnd?: string } {
    const start = this.at(offset, time);
    if (hours === undefined) return { dateTimeInLocation: start };
    const [h, min] = time.split(':').map(Number) as [number, number];
    const endMinutes = Math.min(h * 60 + min + hours * 60, 23 * 60 + 59);
    const end = `${String(Math.floor(endMinutes / 60)).padStart(2, '0')}:${String(endMinutes % 60).padStart(2, '0')}`;
    return { dateTimeInLocation: start, dateTimeInLocationEnd: this.at(offset, end) };
  }

  /** The instant `days` (fractional) before now, in ms: when a seeded write happened. */
  ago(days: number): number {
    return this.now - Math.round(days * DAY);
  }
}
