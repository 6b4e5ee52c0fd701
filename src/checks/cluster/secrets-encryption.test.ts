import { describe, expect, it } from 'vitest';
import { findKey, secretsKey } from './secrets-encryption.js';
import { awsWith, describeCluster, SECRETS_KEY_ARN } from './test-support/aws-fixtures.js';
import { inventoryOf } from './test-support/inventory.js';

const record = (Arn: string, KeyId: string) => ({ KeyMetadata: { Arn, KeyId } });

describe('secrets encryption key', () => {
  it('finds the entry that encrypts secrets with a key', () => {
    expect(secretsKey(describeCluster())).toEqual({ keyArn: SECRETS_KEY_ARN, index: 0 });
    expect(secretsKey(describeCluster({ encryptionConfig: [{ resources: ['secrets'] }] }))).toBeUndefined();
    expect(secretsKey(describeCluster({ encryptionConfig: undefined }))).toBeUndefined();
  });

  it('matches DescribeKey records by ARN, key id, or a lone record for an alias', () => {
    const key = record(SECRETS_KEY_ARN, '1234abcd-12ab-34cd-56ef-1234567890ab');
    const other = record('arn:aws:kms:eu-west-1:111122223333:key/ffff', 'ffff');
    const both = inventoryOf({ aws: awsWith({ kms: { keys: [other, key] } }) });
    expect(findKey(both, SECRETS_KEY_ARN)).toBe(key);
    expect(findKey(both, '1234abcd-12ab-34cd-56ef-1234567890ab')).toBe(key);
    expect(findKey(both, 'arn:aws:kms:eu-west-1:111122223333:alias/prod')).toBeUndefined();
    const alone = inventoryOf({ aws: awsWith({ kms: { keys: [key] } }) });
    expect(findKey(alone, 'arn:aws:kms:eu-west-1:111122223333:alias/prod')).toBe(key);
    expect(findKey(alone, 'arn:aws:kms:eu-west-1:111122223333:key/0000')).toBeUndefined();
  });
});
