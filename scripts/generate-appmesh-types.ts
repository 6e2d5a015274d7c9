// Regenerates core/model/appMeshTypes.ts from the service model:
//   node --import tsx scripts/generate-appmesh-types.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shapeNames, shapeOf } from '../core/model/serviceModel.js';
import { specRoots, typesFromModel } from '../core/model/typesFromModel.js';

const shapes = Object.fromEntries(shapeNames.map((name) => [name, shapeOf(name)]));
const target = fileURLToPath(new URL('../core/model/appMeshTypes.ts', import.meta.url));
writeFileSync(target, typesFromModel(shapes, specRoots));
console.log(`wrote ${target}`);
