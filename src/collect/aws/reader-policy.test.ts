import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AWS_OPERATIONS } from './operations.js';
import { collectFrom, startFixtureFake } from './test-support/against-fake.js';

interface PolicyFile {
  Statement: Array<{ Effect: string; Action: string[]; Resource: string }>;
}

const policy = JSON.parse(readFileSync(new URL('../../../deploy/iam/eksguard-reader-policy.json', import.meta.url), 'utf8')) as PolicyFile;
const actions = policy.Statement.flatMap((statement) => statement.Action);

describe('deploy/iam/eksguard-reader-policy.json', () => {
  it('grants exactly the operations the collector declares', () => {
    expect([...actions].sort()).toEqual([...AWS_OPERATIONS].sort());
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('is read-only and allows, never denies', () => {
    for (const statement of policy.Statement) expect(statement).toMatchObject({ Effect: 'Allow', Resource: '*' });
    for (const action of actions) expect(action).toMatch(/^[a-z0-9]+:(Describe|Get|List|BatchGet)[A-Za-z]+$/);
  });

  it('matches the calls a full collection actually makes', async () => {
    const fake = await startFixtureFake();
    try {
      await collectFrom(fake);
      const called = new Set(fake.requests.map((request) => `${request.service}:${request.operation}`));
      expect([...called].sort()).toEqual([...actions].sort());
    } finally {
      await fake.close();
    }
  });
});
