// The files a bootstrap is made of: the bootstrap itself and, for
// XRAY_SAMPLING_RATE, the sampling manifest beside it, as App Mesh's image
// wrote one. With ENVOY_CONFIG_FILE naming a bootstrap, that file as it is
// (an empty one is filled with the generated bootstrap, as the image did).
// Pure: the caller reads and writes.
import { dirname, join, resolve } from 'node:path';
import type { BootstrapOptions } from './bootstrap.js';
import { envoyBootstrap, renderBootstrap } from './bootstrap.js';
import type { ImageEnvironment } from './imageEnvironment.js';
import { ImageEnvironmentError } from './imageEnvironment.js';
import { samplingManifest, samplingManifestFileName } from './tracing.js';

export interface BootstrapFile {
  readonly path: string;
  readonly text: string;
}

/** ENVOY_CONFIG_FILE's bootstrap, or undefined when it is unset or empty (then Weft generates one). */
export function userBootstrap(image: ImageEnvironment, readFile: (path: string) => string): string | undefined {
  if (!image.configFile) return undefined;
  let text: string;
  try {
    text = readFile(image.configFile);
  } catch (error) {
    throw new ImageEnvironmentError(`ENVOY_CONFIG_FILE=${image.configFile} cannot be read: ${(error as Error).message}`);
  }
  return text.trim() === '' ? undefined : text;
}

export const samplingManifestPathFor = (bootstrapPath: string) => join(dirname(resolve(bootstrapPath)), samplingManifestFileName);

/** What to write for a generated bootstrap at `bootstrapPath`. */
export function bootstrapFiles(options: BootstrapOptions & { readonly image: ImageEnvironment }, bootstrapPath: string): BootstrapFile[] {
  const samplingManifestPath = samplingManifestPathFor(bootstrapPath);
  const bootstrap = renderBootstrap(envoyBootstrap({ ...options, samplingManifestPath }));
  const { tracer } = options.image;
  const rate = tracer?.kind === 'xray' && tracer.sampling && 'rate' in tracer.sampling ? tracer.sampling.rate : undefined;
  return [
    ...(rate !== undefined ? [{ path: samplingManifestPath, text: `${JSON.stringify(samplingManifest(rate))}\n` }] : []),
    { path: bootstrapPath, text: bootstrap },
  ];
}
