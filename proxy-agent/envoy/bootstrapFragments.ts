// How App Mesh's image merged the bootstrap fragments its *_FILE variables
// name into the bootstrap it generated: a second tracing or stats_config is
// an error, stats sinks and static listeners, clusters and secrets are
// appended, and any other top-level key replaces the generated one.
import type { BootstrapFragment } from './imageEnvironment.js';
import { ImageEnvironmentError } from './imageEnvironment.js';

type Json = Record<string, unknown>;

/** Envoy reads either spelling; Weft writes snake_case, so camelCase keys are brought to it (both at once is an error, as in the image). */
function snakeCaseKeys(fragment: BootstrapFragment): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(fragment.content)) {
    const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (snake in out || (snake !== key && snake in fragment.content)) {
      throw new ImageEnvironmentError(`${fragment.variable}=${fragment.path} holds both ${key} and ${snake}: give only one of them`);
    }
    out[snake] = value;
  }
  return out;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function mergeFragment(bootstrap: Json, fragment: BootstrapFragment): Json {
  const src = snakeCaseKeys(fragment);
  const out: Json = { ...bootstrap };
  for (const [key, value] of Object.entries(src)) {
    if (key === 'tracing' || key === 'stats_config') {
      if (key in out) throw new ImageEnvironmentError(`${fragment.variable}=${fragment.path} brings a second ${key}: the bootstrap already has one`);
      out[key] = value;
    } else if (key === 'stats_sinks') {
      out[key] = [...asList(out[key]), ...asList(value)];
    } else if (key === 'static_resources' && typeof value === 'object' && value !== null) {
      const dst = { ...((out[key] as Json | undefined) ?? {}) };
      for (const [kind, list] of Object.entries(value as Json)) {
        dst[kind] = ['listeners', 'clusters', 'secrets'].includes(kind) ? [...asList(dst[kind]), ...asList(list)] : list;
      }
      out[key] = dst;
    } else {
      out[key] = value;
    }
  }
  return out;
}
