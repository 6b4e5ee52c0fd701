import { describe, expect, it } from 'vitest';
import { Limiter } from './limiter.js';
import { parsePolicyDocument, parseRoleArn, toWire } from './wire.js';

describe('toWire', () => {
  it('turns Dates into ISO strings and drops $metadata and undefined members', () => {
    const value = { $metadata: { httpStatusCode: 200 }, createdAt: new Date('2024-01-02T03:04:05Z'), list: [{ at: new Date(0), gone: undefined }], n: 1 };
    expect(toWire(value)).toEqual({ createdAt: '2024-01-02T03:04:05.000Z', list: [{ at: '1970-01-01T00:00:00.000Z' }], n: 1 });
  });
});

describe('parsePolicyDocument', () => {
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a/b c%d' }] };

  it('URL-decodes IAM documents, including characters that were encoded twice over', () => {
    expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(document)), true)).toEqual(document);
  });

  it('reads plain JSON (ECR) without decoding', () => {
    expect(parsePolicyDocument(JSON.stringify(document), false)).toEqual(document);
  });

  it('throws a named error for text that is not a JSON object', () => {
    expect(() => parsePolicyDocument('%7Bnot json', true)).toThrow(expect.objectContaining({ name: 'MalformedPolicyDocument' }));
    expect(() => parsePolicyDocument('[1]', false)).toThrow(/not a JSON object/);
  });
});

describe('parseRoleArn', () => {
  it('takes the role name after any path', () => {
    expect(parseRoleArn('arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_1')).toEqual({
      accountId: '111122223333',
      name: 'AWSReservedSSO_Admin_1',
    });
    expect(parseRoleArn('arn:aws-cn:iam::111122223333:role/node')).toEqual({ accountId: '111122223333', name: 'node' });
  });

  it('rejects users and assumed-role session ARNs', () => {
    expect(parseRoleArn('arn:aws:iam::111122223333:user/jane')).toBeUndefined();
    expect(parseRoleArn('arn:aws:sts::111122223333:assumed-role/node/i-1')).toBeUndefined();
  });
});

describe('Limiter', () => {
  it('runs at most `limit` tasks at once, in arrival order', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          order.push(n);
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});
