import { describe, expect, it } from 'vitest';
import { ebsEncrypts, efsFileSystemOfHost, efsTransit, parseGoBool } from './storage.js';

describe('storage encryption rules', () => {
  it('parses Go booleans', () => {
    expect(parseGoBool('T')).toBe(true);
    expect(parseGoBool('0')).toBe(false);
    expect(parseGoBool('yes')).toBeUndefined();
  });

  it('follows each EBS provisioner', () => {
    expect(ebsEncrypts('ebs.csi.aws.com', 'true')).toBe(true);
    expect(ebsEncrypts('ebs.csi.aws.com', 'TRUE')).toBe(false);
    expect(ebsEncrypts('kubernetes.io/aws-ebs', 'TRUE')).toBe(true);
    expect(ebsEncrypts('kubernetes.io/aws-ebs', undefined)).toBe(false);
  });

  it('recognises EFS hosts', () => {
    expect(efsFileSystemOfHost('fs-12ab.efs.us-east-1.amazonaws.com')).toBe('fs-12ab');
    expect(efsFileSystemOfHost('us-east-1a.fs-12ab.efs.us-east-1.amazonaws.com')).toBe('fs-12ab');
    expect(efsFileSystemOfHost('nfs.internal.example.com')).toBeUndefined();
  });

  it('decides EFS encryption in transit like the driver', () => {
    expect(efsTransit('fs-1', undefined, [])).toEqual({ encrypted: true });
    expect(efsTransit('fs-1', { encryptInTransit: 'true' }, [])).toEqual({ encrypted: true });
    expect(efsTransit('fs-1', { encryptInTransit: 'false' }, [])).toEqual({ encrypted: false, attribute: 'encryptInTransit' });
    expect(efsTransit('fs-1::fsap-2', { encryptInTransit: 'false' }, [])).toEqual({ encrypted: true });
    // tls with encryptInTransit false is refused by the driver: it never mounts unencrypted.
    expect(efsTransit('fs-1', { encryptInTransit: 'false' }, ['TLS'])).toEqual({ encrypted: true });
    expect(efsTransit('fs-1', { encryptInTransit: 'maybe' }, [])).toEqual({ encrypted: true });
  });
});
