import { describe, expect, it } from 'vitest';
import { isItem, parseDictionary, parseList } from './structured-fields.ts';

const params = (entries: Record<string, unknown>) => new Map(Object.entries(entries));

describe('parseList', () => {
  it('reads strings, tokens, numbers, booleans and byte sequences with their parameters', () => {
    expect(parseList('"a\\"b";q=10, tok/en:1;w=1.5;flag, ?0, -7;x=:aGk=:')).toEqual([
      { value: 'a"b', params: params({ q: 10 }) },
      { value: 'tok/en:1', params: params({ w: 1.5, flag: true }) },
      { value: false, params: params({}) },
      { value: -7, params: params({ x: new Uint8Array([104, 105]) }) },
    ]);
  });

  it('keeps inner lists apart from items', () => {
    const members = parseList('("a" "b");p=1, c');
    expect(members).toHaveLength(2);
    expect(isItem(members![0])).toBe(false);
    expect(members![1]).toEqual({ value: 'c', params: params({}) });
  });

  it.each(['"unterminated', 'a,', 'a b', '"x";Q=1', '"x";q=', '"bad\\escape"', ':not base64!:'])('refuses %j as a whole', (field) => {
    expect(parseList(field)).toBeNull();
  });

  it('reads an empty field as an empty list', () => {
    expect(parseList('  ')).toEqual([]);
  });
});

describe('parseDictionary', () => {
  it('reads draft-07 style members, and a bare key as true', () => {
    const dictionary = parseDictionary('limit=100, remaining=0, reset=30, burst;w=1');
    expect(Object.fromEntries([...dictionary!].map(([k, m]) => [k, isItem(m) ? m.value : m]))).toEqual({
      limit: 100,
      remaining: 0,
      reset: 30,
      burst: true,
    });
  });

  it('refuses a list item where a key belongs', () => {
    expect(parseDictionary('"default";r=0;t=30')).toBeNull();
  });
});
