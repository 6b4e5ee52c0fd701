import { describe, expect, it } from 'vitest';
import { declaredLicense, spdxExpression } from './license-expression.js';

describe('declaredLicense', () => {
  it.each([
    [['MIT'], { kind: 'ids', ids: ['MIT'] }, 'MIT'],
    [['apache-2.0'], { kind: 'ids', ids: ['Apache-2.0'] }, 'Apache-2.0'],
    [['GPL-2.0+'], { kind: 'ids', ids: ['GPL-2.0+'] }, 'GPL-2.0+'],
    [['LGPL-2.1-only+'], { kind: 'ids', ids: ['LGPL-2.1-only+'] }, 'LGPL-2.1-only+'],
    [['MIT', 'BSD-3-Clause'], { kind: 'ids', ids: ['MIT', 'BSD-3-Clause'] }, 'MIT AND BSD-3-Clause'],
    [['(MIT OR Apache-2.0)'], { kind: 'expression', expression: '(MIT OR Apache-2.0)' }, '(MIT OR Apache-2.0)'],
    [['MIT AND BSD-2-Clause OR ISC'], { kind: 'expression', expression: 'MIT AND BSD-2-Clause OR ISC' }, 'MIT AND BSD-2-Clause OR ISC'],
    [
      ['GPL-2.0-or-later WITH Classpath-exception-2.0'],
      { kind: 'expression', expression: 'GPL-2.0-or-later WITH Classpath-exception-2.0' },
      'GPL-2.0-or-later WITH Classpath-exception-2.0',
    ],
    [['ISC', 'MIT or Apache-2.0'], { kind: 'names', names: ['ISC', 'MIT or Apache-2.0'] }, undefined],
    [['MIT', 'Apache-2.0 OR MIT'], { kind: 'expression', expression: 'MIT AND (Apache-2.0 OR MIT)' }, 'MIT AND (Apache-2.0 OR MIT)'],
  ])('%j declares %j', (licenses, declared, expression) => {
    const d = declaredLicense(licenses);
    expect(d).toEqual(declared);
    expect(spdxExpression(d)).toBe(expression);
  });

  it.each([['GPLv2+'], ['BSD'], ['MIT BSD'], ['MIT AND'], ['(MIT'], ['MIT)'], ['OR'], ['MIT WITH'], ['MIT WITH Nonsense-1'], ['LicenseRef-custom'], ['mit or apache-2.0']])(
    '%j is kept as a name',
    (license) => {
      expect(declaredLicense([license])).toEqual({ kind: 'names', names: [license] });
      expect(spdxExpression(declaredLicense([license]))).toBeUndefined();
    },
  );

  it('says nothing when nothing is declared', () => {
    expect(declaredLicense(undefined)).toEqual({ kind: 'none' });
    expect(declaredLicense(['  '])).toEqual({ kind: 'none' });
  });
});
