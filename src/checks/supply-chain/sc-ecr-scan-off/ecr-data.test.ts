import { describe, expect, it } from 'vitest';
import { scanFilterMatches } from './ecr-data.js';

describe('ECR scanning filters', () => {
  // The table of the ECR user guide ("Filters to choose which repositories are scanned").
  const names = ['prod', 'repo-prod', 'prod-repo', 'repo-prod-repo', 'prodrepo'];
  const table: Record<string, boolean[]> = {
    prod: [true, true, true, true, true],
    '*prod': [true, true, false, false, false],
    'prod*': [true, false, true, false, true],
    '*prod*': [true, true, true, true, true],
    'prod*repo': [false, false, true, false, true],
  };
  for (const [filter, expected] of Object.entries(table)) {
    it(`matches "${filter}" as documented`, () => {
      expect(names.map((name) => scanFilterMatches(filter, name))).toEqual(expected);
    });
  }

  it('treats regular-expression characters literally', () => {
    expect(scanFilterMatches('team.a*', 'team.a/api')).toBe(true);
    expect(scanFilterMatches('team.a*', 'teamXa/api')).toBe(false);
  });
});
