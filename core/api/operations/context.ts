import type { CommandDeps } from '../../application/handleCommand.js';
import type { RegistryDeps } from '../../application/registryCommands.js';
import type { JsonObject } from '../../domain/resource.js';
import type { HttpRequest } from '../http.js';
import type { RawInput } from '../parseInput.js';
import type { SnapshotDeps } from './snapshotOperations.js';
import type { StatusDeps } from './statusOperations.js';

/** The ports behind the API: the mesh store for App Mesh's operations, the snapshot store for agents, the instance registry. */
export type ApiDeps = CommandDeps & SnapshotDeps & StatusDeps & RegistryDeps;

/** What every operation gets: its validated input, the request, and the ports. */
export interface OperationContext {
  readonly operation: string;
  readonly input: JsonObject;
  readonly request: HttpRequest;
  readonly deps: ApiDeps;
}

/** A response other than a plain 200 with a JSON body: another status, extra headers. */
export class Answer {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** An operation answers with the JSON body of a 200, or with an Answer. */
export type OperationHandler = (ctx: OperationContext) => Promise<unknown>;

/** Weft's own operations validate themselves; App Mesh's are validated from the service model. */
export type InputParser = (raw: RawInput) => JsonObject;
