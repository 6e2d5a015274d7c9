import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shapeNames, shapeOf } from './serviceModel.js';
import { specRoots, typesFromModel } from './typesFromModel.js';

describe('generated App Mesh spec types', () => {
  it('match what the service model generates today', () => {
    const shapes = Object.fromEntries(shapeNames.map((name) => [name, shapeOf(name)]));
    const checkedIn = readFileSync(new URL('./appMeshTypes.ts', import.meta.url), 'utf8');
    expect(checkedIn).toBe(typesFromModel(shapes, specRoots));
  });
});
