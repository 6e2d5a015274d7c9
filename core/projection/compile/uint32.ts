import { u32 } from '../envoy/proto.js';

/** The largest value of a protobuf uint32 (and of Envoy's UInt32Value). */
export const uint32Max = 4_294_967_295;

/**
 * A UInt32Value for a count App Mesh accepts as a long (maxRetries,
 * maxServerErrors): beyond uint32 it saturates rather than wrapping on the
 * wire, so "more than Envoy can count" stays "as many as Envoy can count".
 */
export const saturatingU32 = (value: number) => u32(Math.min(value, uint32Max));
