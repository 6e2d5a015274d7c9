import type { LocalStack } from '../../functions/local/localStack.js';

/** One entry of Weft's `GET /v1/meshes/{mesh}/events`, as JSON. */
export interface LoggedEvent {
  readonly version: number;
  readonly type: string;
  readonly at: string;
  readonly actor: string;
  readonly requestId: string;
  readonly clientToken?: string;
  readonly resource: {
    readonly meshName: string;
    readonly metadata: { readonly arn: string; readonly uid: string; readonly version: number; readonly createdAt: number; readonly lastUpdatedAt: number };
    readonly spec: unknown;
    readonly status: { readonly status: string };
    readonly [name: string]: unknown;
  };
}

interface EventsPage {
  readonly events: LoggedEvent[];
  readonly nextAfterVersion?: number;
}

/** The whole current stream of a mesh, read page by page over plain HTTP. */
export async function meshEvents(stack: LocalStack, mesh: string, pageSize = 1000): Promise<LoggedEvent[]> {
  const all: LoggedEvent[] = [];
  let after = 0;
  for (;;) {
    const response = await fetch(`${stack.url}/v1/meshes/${encodeURIComponent(mesh)}/events?afterVersion=${after}&limit=${pageSize}`);
    if (response.status !== 200) throw new Error(`events of ${mesh}: HTTP ${response.status} ${await response.text()}`);
    const page = (await response.json()) as EventsPage;
    all.push(...page.events);
    if (page.nextAfterVersion === undefined) return all;
    after = page.nextAfterVersion;
  }
}

export async function eventTypes(stack: LocalStack, mesh: string): Promise<string[]> {
  return (await meshEvents(stack, mesh)).map((e) => e.type);
}
