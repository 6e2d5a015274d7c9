import { badRequest } from '../errors.js';
import type { RawInput } from './parseInput.js';

// Weft's own routes (history, snapshots, status) validate their few inputs by
// hand, with the same name rule the service model's names follow.
const namePattern = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,255}$/;

/** A path label that names a mesh, node, gateway or agent. */
export function nameLabel(raw: RawInput, label: string): string {
  const value = raw.labels[label] ?? '';
  if (!namePattern.test(value)) throw badRequest(`${label}: must be 1-255 letters, digits, '_', '.' or '-'`);
  return value;
}

/** An optional whole-number query parameter within bounds. */
export function integerQuery(raw: RawInput, name: string, min: number, max: number): number | undefined {
  const value = raw.query[name];
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw badRequest(`${name}: must be an integer from ${min} to ${max} (got '${value}')`);
  return Number(value);
}
