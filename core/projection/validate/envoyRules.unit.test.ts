// The validator's rules are Envoy's own: envoyRules.json is what the
// generator reads from the .proto files today.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envoyRules } from '../../../scripts/envoyRules.js';

describe('envoyRules.json', () => {
  it('is what scripts/generate-envoy-rules.ts makes from Envoy’s .proto files today', () => {
    const checkedIn = JSON.parse(readFileSync(new URL('./envoyRules.json', import.meta.url), 'utf8'));
    expect(checkedIn).toEqual(envoyRules());
  });

  it('holds the rules the known NACKs come from', () => {
    const rules = envoyRules();
    expect(rules.messages['envoy.config.cluster.v3.OutlierDetection']?.fields?.['interval']?.rules).toEqual({ duration: { gt: {} } });
    expect(rules.messages['envoy.config.route.v3.QueryParameterMatcher']?.fields?.['name']?.rules).toMatchObject({ string: { min_len: 1 } });
    expect(rules.messages['envoy.config.route.v3.RouteMatch']?.requiredOneofs?.['pathSpecifier']).toContain('prefix');
  });
});
