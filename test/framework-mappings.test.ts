import { describe, expect, it } from 'vitest';
import { allRuleMetas } from '../src/scan/index.js';
import { validateRuleMappings } from '../src/compliance/index.js';
import crosswalk from '../src/compliance/crosswalk.json' with { type: 'json' };
import { checkFrameworkMap } from '../src/compliance/validate.js';

/**
 * Every framework control any rule names must exist in the shipped catalogues (DESIGN §9): graph
 * rules and every analyzer's directly raised rules alike. A typo'd or invented id fails here.
 */
describe('framework mappings', () => {
  it('every rule maps only to frameworks and controls that exist', () => {
    const problems = validateRuleMappings(allRuleMetas()).map((p) => p.message);
    expect(problems).toEqual([]);
  });

  it('the crosswalk names only controls that exist', () => {
    const problems: string[] = [];
    for (const [owasp, row] of Object.entries(crosswalk['owasp-llm-2025'])) {
      const { basis: _b, ...map } = row as Record<string, string[] | string>;
      problems.push(...checkFrameworkMap(`crosswalk ${owasp}`, map as Record<string, string[]>).map((p) => p.message));
    }
    for (const [cat, map] of Object.entries(crosswalk.category)) problems.push(...checkFrameworkMap(`category ${cat}`, map as Record<string, string[]>).map((p) => p.message));
    expect(problems).toEqual([]);
  });
});
