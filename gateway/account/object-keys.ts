import { ToolInputError, type KindScope, type ObjectDefinition, type ToolContext } from '../../tools/define.ts';
import { foldKind as fold, kindsFor } from '../../tools/kinds.ts';
import { cached } from './cache.ts';

/**
 * The object keys an account really has. Rose Rocket has no public endpoint
 * for object definitions; the mock (and perhaps a future API) serves them at
 * `/recipes/current/objects`, so that endpoint is treated as optional: when it
 * fails, the built-in catalogue of standard keys stands in.
 */
export interface ObjectKeySnapshot {
  definitions: ReadonlyMap<string, ObjectDefinition>;
  /** Sorted keys, for what each `object_key` says it takes. */
  keys: readonly string[];
  /** Changes whenever `keys` or a label does; callers cache listings under it. */
  signature: string;
  source: 'account' | 'builtin';
}

const RETRY_AFTER_FAILURE_MS = 30_000;

function snapshot(definitions: readonly ObjectDefinition[], source: ObjectKeySnapshot['source']): ObjectKeySnapshot {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const keys = [...byKey.keys()].sort();
  return { definitions: byKey, keys, signature: `${source}:${keys.map((key) => `${key}=${byKey.get(key)!.label}`).join(',')}`, source };
}

function isDefinitionList(body: unknown): body is ObjectDefinition[] {
  return (
    Array.isArray(body) &&
    body.length > 0 &&
    body.every((d) => d && typeof d === 'object' && typeof d.key === 'string' && Array.isArray(d.fields))
  );
}

/** The key `input` names in `snap`: the key itself, its label, or a custom key without `__c`. */
function find(snap: ObjectKeySnapshot, input: string): string | undefined {
  const wanted = input.trim();
  if (snap.definitions.has(wanted)) return wanted;
  const folded = fold(wanted);
  for (const def of snap.definitions.values()) {
    if (fold(def.key) === folded || fold(def.label) === folded) return def.key;
  }
  // Custom objects are written `load__c`; accept `load` when it is unambiguous.
  const custom = snap.keys.filter((k) => k.endsWith('__c') && fold(k.slice(0, -3)) === folded);
  return custom.length === 1 ? custom[0] : undefined;
}

export function objectKeyDirectory(options: {
  call: ToolContext['call'];
  builtin: readonly ObjectDefinition[];
  ttlMs: number;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  const builtin = snapshot(options.builtin, 'builtin');
  // After a passing failure (not an absent endpoint) the fallback is kept only briefly.
  let retryAt = 0;
  /** The passing failure (429, 5xx, timeout) the current fallback stands in for; null when upstream answered. */
  let failure: unknown = null;
  const current = cached(
    async () => {
      try {
        const { body } = await options.call({ method: 'GET', path: ['recipes', 'current', 'objects'] });
        failure = null;
        return isDefinitionList(body) ? snapshot(body, 'account') : builtin;
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        const absent = status === 404 || status === 403 || status === 405;
        failure = absent ? null : error;
        if (!absent) retryAt = now() + RETRY_AFTER_FAILURE_MS;
        return builtin;
      }
    },
    options.ttlMs,
    now,
  );
  const load = () => {
    if (retryAt && now() >= retryAt) {
      retryAt = 0;
      current.invalidate();
    }
    return current.get();
  };

  /** An unknown key is refused listing the keys a tool of `scope` takes (every key when none is given). */
  async function resolve(input: string, field = 'object_key', scope: KindScope = 'all'): Promise<string> {
    const earlier = failure;
    let snap = await load();
    let key = find(snap, input);
    if (key === undefined && failure !== null) {
      // The fallback only stands in for definitions upstream failed to send, so a key it
      // lacks (a custom `load__c`) may well exist. A fallback left by an earlier request
      // is checked once more now, back-off or not; a failure upstream still answers (or
      // just answered this call: never asked twice) goes to the model as what it is, a
      // 429 with its numbers or a 5xx, rather than a claim that its argument is wrong.
      if (failure === earlier) {
        retryAt = 0;
        current.invalidate();
        snap = await current.get();
      }
      if (failure !== null) throw failure;
      key = find(snap, input);
    }
    if (key === undefined) throw new ToolInputError(field, `unknown object key "${input}"; this tool takes: ${kindsFor(scope, snap.keys).join(', ')} (a key or its label)`);
    return key;
  }

  return {
    snapshot: load,
    resolve,
    async keys() {
      return (await load()).keys;
    },
    async definition(objectKey: string) {
      return (await load()).definitions.get(objectKey);
    },
  };
}

export type ObjectKeyDirectory = ReturnType<typeof objectKeyDirectory>;
