// What the image-environment tests share: a file system of JSON files for the
// *_FILE variables, and the start-up error an environment gives.
import { expect } from 'vitest';
import { envoyBootstrap } from '../../proxy-agent/envoy/bootstrap.js';
import type { Env } from '../../proxy-agent/envoy/imageEnvironment.js';
import { ImageEnvironmentError, imageEnvironment } from '../../proxy-agent/envoy/imageEnvironment.js';
import type { NodeIdentity } from '../../proxy-agent/nodeIdentity.js';

export const filesOf = (files: Record<string, unknown>) => (path: string) => {
  if (!(path in files)) throw new Error(`ENOENT: no such file, open '${path}'`);
  const content = files[path];
  return typeof content === 'string' ? content : JSON.stringify(content);
};

/** The message of the ImageEnvironmentError that building this node's bootstrap throws; fails if it builds. */
export function startupErrorOf(node: NodeIdentity, env: Env, files: Record<string, unknown> = {}): string {
  try {
    envoyBootstrap({ identity: node, xdsAddress: '127.0.0.1:15010', image: imageEnvironment(env, filesOf(files)) });
  } catch (error) {
    expect(error).toBeInstanceOf(ImageEnvironmentError);
    return (error as Error).message;
  }
  throw new Error('no error');
}
