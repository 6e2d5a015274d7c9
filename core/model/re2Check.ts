// Envoy compiles every safe_regex with Google RE2 and NACKs the whole update
// when one fails, so a regex is checked with RE2 at the API. The re2 package is
// RE2 itself (no I/O); it also accepts JavaScript syntax (\u0041, \cA, ...) by
// translating it, which Envoy's RE2 would not, so a pattern it had to rewrite
// beyond escaping '/' is refused too.
import RE2 from 're2';

const cache = new Map<string, string | undefined>();

// RE2 reads '\/' as '/', and the package escapes every bare '/': compare without that.
const withoutSlashEscapes = (pattern: string): string => pattern.replace(/\\(.)/gs, (all, c: string) => (c === '/' ? '/' : all));

function check(pattern: string): string | undefined {
  let translated: string;
  try {
    translated = new RE2(pattern, 'u').internalSource;
  } catch (error) {
    return `is not a regular expression RE2 accepts (${error instanceof Error ? error.message : String(error)})`;
  }
  if (withoutSlashEscapes(translated) !== withoutSlashEscapes(pattern)) {
    return `uses JavaScript-only regex syntax; write it in RE2 syntax (as ${JSON.stringify(translated)})`;
  }
  return undefined;
}

/** Why Envoy's RE2 would refuse the pattern, or undefined when it compiles. */
export function re2Issue(pattern: string): string | undefined {
  if (cache.has(pattern)) return cache.get(pattern);
  const issue = check(pattern);
  // Bounded: patterns come from requests, and most requests carry none.
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, issue);
  return issue;
}
