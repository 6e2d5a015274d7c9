// What changed in one proxy's config, said the way a reviewer reads it:
// which resource (type and name) was added, removed or changed, and for a
// change, which field paths, instead of one diff of a whole file.

type Json = unknown;

/** Field paths shown per changed resource; the rest are counted. */
const maxPaths = 12;

/**
 * The differences between a proxy's golden and its snapshot now (both as
 * plain JSON: a Snapshot's node, version and resources by type), one line
 * per resource plus its changed paths. Empty when they are equal.
 */
export function snapshotDifferences(golden: Json, actual: Json): string[] {
  const lines: string[] = [];
  const was = asObject(golden);
  const now = asObject(actual);
  for (const field of ['node', 'version']) if (!equal(was[field], now[field])) lines.push(`${field}: ${short(was[field])} -> ${short(now[field])}`);
  const wasResources = asObject(was['resources']);
  const nowResources = asObject(now['resources']);
  for (const type of union(Object.keys(wasResources), Object.keys(nowResources))) {
    const before = byName(wasResources[type]);
    const after = byName(nowResources[type]);
    for (const name of union([...before.keys()], [...after.keys()])) {
      if (!after.has(name)) lines.push(`${type} ${name}: removed`);
      else if (!before.has(name)) lines.push(`${type} ${name}: added`);
      else {
        const paths = fieldDifferences(before.get(name), after.get(name), '');
        if (paths.length === 0) continue;
        lines.push(`${type} ${name}: changed`);
        for (const path of paths.slice(0, maxPaths)) lines.push(`    ${path}`);
        if (paths.length > maxPaths) lines.push(`    ... and ${paths.length - maxPaths} more paths`);
      }
    }
  }
  return lines;
}

/** `path: old -> new` for every leaf that differs; elements of arrays whose items all have a name are matched by name. */
export function fieldDifferences(was: Json, now: Json, path: string): string[] {
  if (equal(was, now)) return [];
  if (Array.isArray(was) && Array.isArray(now)) {
    const named = [...was, ...now].every((item) => typeof asObject(item)['name'] === 'string');
    if (named) {
      const before = byName(was);
      const after = byName(now);
      return union([...before.keys()], [...after.keys()]).flatMap((name) => fieldDifferences(before.get(name), after.get(name), `${path}[name=${name}]`));
    }
    return Array.from({ length: Math.max(was.length, now.length) }, (_, i) => fieldDifferences(was[i], now[i], `${path}[${i}]`)).flat();
  }
  if (isObject(was) && isObject(now)) {
    return union(Object.keys(was), Object.keys(now)).flatMap((key) => fieldDifferences(was[key], now[key], path ? `${path}.${key}` : key));
  }
  return [`${path || '(whole resource)'}: ${short(was)} -> ${short(now)}`];
}

function byName(resources: Json): Map<string, Json> {
  const list = Array.isArray(resources) ? resources : [];
  return new Map(list.map((r, i) => [String(asObject(r)['name'] ?? asObject(r)['clusterName'] ?? `#${i}`), r]));
}

function short(value: Json): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const isObject = (value: Json): value is Record<string, Json> => value !== null && typeof value === 'object' && !Array.isArray(value);
const asObject = (value: Json): Record<string, Json> => (isObject(value) ? value : {});
const equal = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);
const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();
