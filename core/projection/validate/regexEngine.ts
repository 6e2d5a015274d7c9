/**
 * How the validator compiles regular expressions: Envoy's safe_regex and
 * PGV's `pattern` are RE2. `compile` throws on a pattern the engine refuses.
 * Injected, because RE2 is a native addon the agent's bundle may lack.
 */
export interface RegexEngine {
  readonly name: string;
  compile(pattern: string): { test(value: string): boolean };
}

/** JavaScript's own RegExp: enough for PGV's few `pattern` rules, but it accepts what RE2 refuses (look-ahead, back-references). */
export const jsRegexEngine: RegexEngine = {
  name: 'RegExp',
  compile: (pattern) => new RegExp(pattern, 'u'),
};

/** Compiles each pattern once; a refusal is remembered as its message. */
export function cachedCompiler(engine: RegexEngine): (pattern: string) => { test(value: string): boolean } | string {
  const cache = new Map<string, { test(value: string): boolean } | string>();
  return (pattern) => {
    let compiled = cache.get(pattern);
    if (compiled === undefined) {
      try {
        compiled = engine.compile(pattern);
      } catch (error) {
        compiled = error instanceof Error ? error.message : String(error);
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(pattern, compiled);
    }
    return compiled;
  };
}
