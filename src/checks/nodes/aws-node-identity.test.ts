import { describe, expect, it } from 'vitest';
import { awsNodeIdentity } from './aws-node-identity.js';
import { view } from './test-support/views.js';

const ROLE = 'arn:aws:iam::111122223333:role/prod-aws-node';

describe('awsNodeIdentity', () => {
  it('finds IRSA on the ServiceAccount', () => {
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'aws-node', namespace: 'kube-system', annotations: { 'eks.amazonaws.com/role-arn': ROLE } } };
    expect(awsNodeIdentity(view({}, { objects: [sa] }))?.via).toBe(`IRSA role ${ROLE} on ServiceAccount kube-system/aws-node`);
  });

  it('finds Pod Identity associations and the add-on role', () => {
    expect(awsNodeIdentity(view({ eks: { podIdentityAssociations: [{ namespace: 'kube-system', serviceAccount: 'aws-node', roleArn: ROLE }] } }))?.via).toBe(`Pod Identity role ${ROLE}`);
    expect(awsNodeIdentity(view({ eks: { addons: [{ addonName: 'vpc-cni', serviceAccountRoleArn: ROLE }] } }))?.via).toBe(`IRSA role ${ROLE} of the vpc-cni add-on`);
    expect(awsNodeIdentity(view({ eks: { addons: [{ addonName: 'vpc-cni', podIdentityAssociations: ['arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-1'] }] } }))?.via).toBe(
      'a Pod Identity association of the vpc-cni add-on',
    );
  });

  it('is undefined when aws-node relies on the node role', () => {
    expect(awsNodeIdentity(view({ eks: { addons: [{ addonName: 'vpc-cni', addonVersion: 'v1.19.0-eksbuild.1' }], podIdentityAssociations: [] } }))).toBeUndefined();
  });
});
