/**
 * Just enough of RFC 9651 (Structured Field Values) to read the rate-limit
 * headers of draft-ietf-httpapi-ratelimit-headers-07 and later: Lists and
 * Dictionaries of items with parameters. Per the RFC, a field that fails to
 * parse is ignored as a whole, so both entry points return `null` rather than
 * a partial guess.
 */
export type BareItem = number | string | boolean | Uint8Array;

export interface Item {
  value: BareItem;
  params: ReadonlyMap<string, BareItem>;
}

/** A List member: an item, or an inner list `(a b);p=1` (kept, never used by the callers here). */
export type Member = Item | { inner: readonly Item[]; params: ReadonlyMap<string, BareItem> };

export function parseList(field: string): Member[] | null {
  return attempt(field, (p) => {
    const members: Member[] = [];
    while (!p.done()) {
      members.push(p.member());
      if (!p.endOfMember()) break;
    }
    return members;
  });
}

export function parseDictionary(field: string): Map<string, Member> | null {
  return attempt(field, (p) => {
    const members = new Map<string, Member>();
    while (!p.done()) {
      const key = p.key();
      if (p.peek() === '=') {
        p.advance();
        members.set(key, p.member());
      } else {
        members.set(key, { value: true, params: p.params() });
      }
      if (!p.endOfMember()) break;
    }
    return members;
  });
}

export function isItem(member: Member | undefined): member is Item {
  return member !== undefined && 'value' in member;
}

class SyntaxFailure extends Error {}

function attempt<T>(field: string, parse: (p: Parser) => T): T | null {
  try {
    return parse(new Parser(field));
  } catch (error) {
    if (error instanceof SyntaxFailure) return null;
    throw error;
  }
}

const DIGIT = /[0-9]/;
const ALPHA = /[A-Za-z]/;
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;
const KEY_START = /[a-z*]/;
const KEY_CHAR = /[a-z0-9_\-.*]/;
const BASE64 = /[A-Za-z0-9+/=]/;

class Parser {
  private pos = 0;
  private readonly input: string;

  constructor(field: string) {
    // Several header lines of one field arrive joined by ", "; leading/trailing space is not part of the value.
    this.input = field.trim();
  }

  done(): boolean {
    return this.pos >= this.input.length;
  }

  peek(): string {
    return this.input[this.pos] ?? '';
  }

  advance(): string {
    return this.input[this.pos++] ?? '';
  }

  /** After a member: true if another follows, false at the end; anything else is a syntax error. */
  endOfMember(): boolean {
    this.skip(/[ \t]/);
    if (this.done()) return false;
    if (this.advance() !== ',') this.fail();
    this.skip(/[ \t]/);
    if (this.done()) this.fail(); // a trailing comma
    return true;
  }

  member(): Member {
    if (this.peek() !== '(') return this.item();
    this.advance();
    const inner: Item[] = [];
    for (;;) {
      this.skip(/ /);
      if (this.peek() === ')') {
        this.advance();
        return { inner, params: this.params() };
      }
      inner.push(this.item());
      if (this.peek() !== ' ' && this.peek() !== ')') this.fail();
    }
  }

  item(): Item {
    return { value: this.bareItem(), params: this.params() };
  }

  params(): Map<string, BareItem> {
    const params = new Map<string, BareItem>();
    while (this.peek() === ';') {
      this.advance();
      this.skip(/ /);
      const key = this.key();
      let value: BareItem = true;
      if (this.peek() === '=') {
        this.advance();
        value = this.bareItem();
      }
      params.set(key, value);
    }
    return params;
  }

  key(): string {
    if (!KEY_START.test(this.peek())) this.fail();
    let key = '';
    while (KEY_CHAR.test(this.peek())) key += this.advance();
    return key;
  }

  private bareItem(): BareItem {
    const c = this.peek();
    if (c === '-' || DIGIT.test(c)) return this.number();
    if (c === '"') return this.string();
    if (c === '*' || ALPHA.test(c)) return this.token();
    if (c === ':') return this.bytes();
    if (c === '?') return this.boolean();
    if (c === '@') {
      this.advance();
      return this.number();
    }
    return this.fail();
  }

  private number(): number {
    const match = /^-?\d{1,15}(\.\d{1,3})?/.exec(this.input.slice(this.pos));
    if (!match) this.fail();
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private string(): string {
    this.advance();
    let out = '';
    for (;;) {
      const c = this.advance();
      if (c === '') this.fail();
      if (c === '"') return out;
      if (c === '\\') {
        const escaped = this.advance();
        if (escaped !== '"' && escaped !== '\\') this.fail();
        out += escaped;
      } else {
        out += c;
      }
    }
  }

  private token(): string {
    let out = this.advance();
    while (TCHAR.test(this.peek())) out += this.advance();
    return out;
  }

  private bytes(): Uint8Array {
    this.advance();
    let encoded = '';
    while (BASE64.test(this.peek())) encoded += this.advance();
    if (this.advance() !== ':') this.fail();
    try {
      return Uint8Array.from(atob(encoded), (ch) => ch.charCodeAt(0));
    } catch {
      return this.fail();
    }
  }

  private boolean(): boolean {
    this.advance();
    const c = this.advance();
    if (c !== '0' && c !== '1') this.fail();
    return c === '1';
  }

  private skip(chars: RegExp): void {
    while (!this.done() && chars.test(this.peek())) this.pos++;
  }

  private fail(): never {
    throw new SyntaxFailure(`unparseable structured field at ${this.pos}`);
  }
}
