// The entry point for the control plane and for tests: the validator with
// RE2 itself, so a regex passes exactly when Envoy's RE2 would compile it.
import type { Snapshot } from '../snapshot.js';
import { re2Engine } from './re2Engine.js';
import { snapshotValidator } from './snapshotValidator.js';
import type { Violation } from './violation.js';

export type { Violation } from './violation.js';
export { formatViolation } from './violation.js';

const validate = snapshotValidator(re2Engine);

/** Every reason Envoy would NACK this snapshot (none: it may be published). */
export function validateSnapshot(snapshot: Snapshot): Violation[] {
  return validate(snapshot);
}
