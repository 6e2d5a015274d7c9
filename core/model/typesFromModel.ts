import type { Shape } from './serviceModel.js';

/**
 * Writes TypeScript interfaces for the model's structures, so the compiler in
 * core/projection reads App Mesh specs with types (core may not import the AWS
 * SDK, whose types these mirror). Pure: model in, source text out; the script
 * in scripts/ writes it, and a unit test keeps the checked-in file current.
 */
export function typesFromModel(shapes: Readonly<Record<string, Shape>>, roots: readonly string[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const shape = shapes[name];
    if (!shape || shape.type !== 'structure') return;
    const required = new Set(shape.required ?? []);
    const lines = Object.entries(shape.members).map(([member, ref]) => {
      visit(ref.shape);
      return `  readonly ${member}${required.has(member) ? '' : '?'}: ${typeExpression(shapes, ref.shape, visit)};`;
    });
    out.push(`export interface ${name} {\n${lines.join('\n')}\n}`);
  };
  for (const root of roots) visit(root);
  return `// Generated from appmesh-2019-01-25.json by scripts/generate-appmesh-types.ts. Do not edit.\n\n${out.sort().join('\n\n')}\n`;
}

function typeExpression(shapes: Readonly<Record<string, Shape>>, name: string, visit: (name: string) => void): string {
  const shape = shapes[name];
  if (!shape) return 'unknown';
  switch (shape.type) {
    case 'structure':
      visit(name);
      return name;
    case 'list': {
      const member = typeExpression(shapes, shape.member.shape, visit);
      return member.includes(' | ') ? `readonly (${member})[]` : `readonly ${member}[]`;
    }
    case 'string':
      return shape.enum ? shape.enum.map((v) => JSON.stringify(v)).join(' | ') : 'string';
    case 'integer':
    case 'long':
    case 'timestamp':
      return 'number';
    case 'boolean':
      return 'boolean';
  }
}

/** The spec shapes the compiler reads. */
export const specRoots = ['MeshSpec', 'VirtualNodeSpec', 'VirtualServiceSpec', 'VirtualRouterSpec', 'RouteSpec', 'VirtualGatewaySpec', 'GatewayRouteSpec'];
