import type { OutlierDetection } from '../../model/appMeshTypes.js';
import { appMeshDurationMillis, durationFromMillis, u32 } from '../envoy/proto.js';
import { saturatingU32 } from './uint32.js';

type Json = Record<string, unknown>;

/**
 * A listener's outlier detection, applied by callers on their egress
 * cluster for that node port: a host is ejected after `maxServerErrors`
 * consecutive 5xx (or connection failures, for TCP). Envoy would also eject
 * on success-rate statistics by default; App Mesh's policy has no such
 * knob, so that detector is switched off (a wrapper holding 0 is `{}`).
 */
export function outlierDetection(policy: OutlierDetection | undefined): Json {
  if (!policy) return {};
  const interval = appMeshDurationMillis(policy.interval);
  const baseEjection = appMeshDurationMillis(policy.baseEjectionDuration);
  return {
    outlierDetection: {
      // protobufjs camel-cases only `_<letter>`, so this field keeps its underscore.
      consecutive_5xx: saturatingU32(policy.maxServerErrors),
      ...(interval !== undefined ? { interval: durationFromMillis(interval) } : {}),
      ...(baseEjection !== undefined ? { baseEjectionTime: durationFromMillis(baseEjection) } : {}),
      maxEjectionPercent: u32(policy.maxEjectionPercent),
      enforcingSuccessRate: u32(0),
    },
  };
}
