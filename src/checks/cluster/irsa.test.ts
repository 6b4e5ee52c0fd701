import { describe, expect, it } from 'vitest';
import { irsaServiceAccounts, issuerKey, providerKey } from './irsa.js';
import { inventoryOf } from './test-support/inventory.js';

describe('IRSA', () => {
  it('lists annotated service accounts with the account of their role', () => {
    const inventory = inventoryOf({
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata:
  name: orders
  namespace: shop
  annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::111122223333:role/orders" }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: shop, annotations: { eks.amazonaws.com/role-arn: "  " } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: plain, namespace: shop }
`,
    });
    expect(irsaServiceAccounts(inventory).map(({ name, roleArn, roleAccount }) => ({ name, roleArn, roleAccount }))).toEqual([
      { name: 'shop/orders', roleArn: 'arn:aws:iam::111122223333:role/orders', roleAccount: '111122223333' },
    ]);
  });

  it('compares issuers without scheme, trailing slash or case', () => {
    const issuer = issuerKey('https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF/');
    expect(issuer).toBe('oidc.eks.eu-west-1.amazonaws.com/id/abcdef');
    expect(providerKey({ Url: 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF' })).toBe(issuer);
    expect(providerKey({ Arn: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF' })).toBe(issuer);
    expect(providerKey({ Arn: 'arn:aws:iam::111122223333:saml-provider/corp' })).toBeUndefined();
  });
});
