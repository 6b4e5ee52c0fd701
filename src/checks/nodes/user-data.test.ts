import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeUserData } from './user-data.js';

const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');

describe('decodeUserData', () => {
  it('decodes a plain script', () => {
    expect(decodeUserData(b64('#!/bin/bash\necho hi\n'))).toEqual([{ text: '#!/bin/bash\necho hi\n' }]);
  });

  it('inflates gzip user data', () => {
    expect(decodeUserData(gzipSync('[settings.kubernetes]\ncluster-name = "prod"\n').toString('base64'))?.[0]?.text).toContain('cluster-name');
  });

  it('splits MIME multi-part documents and decodes base64 parts', () => {
    const mime = [
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="//"',
      '',
      '--//',
      'Content-Type: application/node.eks.aws',
      '',
      'apiVersion: node.eks.aws/v1alpha1',
      'kind: NodeConfig',
      '',
      '--//',
      'Content-Type: text/x-shellscript; charset="us-ascii"',
      'Content-Transfer-Encoding: base64',
      '',
      b64('#!/bin/bash\nexport TOKEN=abc\n'),
      '--//--',
      '',
    ].join('\r\n');
    const parts = decodeUserData(b64(mime));
    expect(parts).toHaveLength(2);
    expect(parts?.[0]).toMatchObject({ part: 1, contentType: 'application/node.eks.aws' });
    expect(parts?.[0]?.text).toContain('kind: NodeConfig');
    expect(parts?.[1]).toMatchObject({ part: 2, contentType: 'text/x-shellscript', text: '#!/bin/bash\nexport TOKEN=abc\n' });
  });

  it('rejects text that is not base64', () => {
    expect(decodeUserData('#!/bin/bash')).toBeUndefined();
  });
});
