import type { AccountSettings } from './arn.js';
import type { JsonObject, ResourceId, Tag } from './resource.js';

/** What a mutating API call asks for, after its input has been validated. */
export type Command =
  | { readonly type: 'create'; readonly id: ResourceId; readonly spec: JsonObject; readonly tags: readonly Tag[] }
  | { readonly type: 'update'; readonly id: ResourceId; readonly spec: JsonObject }
  | { readonly type: 'delete'; readonly id: ResourceId }
  | { readonly type: 'tag'; readonly id: ResourceId; readonly tags: readonly Tag[] }
  | { readonly type: 'untag'; readonly id: ResourceId; readonly tagKeys: readonly string[] };

/** Everything impure a decision needs, handed in so the domain stays pure. */
export interface CommandMetadata {
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** A fresh uid, used only when the command creates a resource. */
  readonly newUid: string;
  readonly requestId: string;
  /** Who asked: the caller's IAM principal on AWS, `local` on one machine. */
  readonly actor: string;
  readonly clientToken?: string;
  readonly account: AccountSettings;
}
