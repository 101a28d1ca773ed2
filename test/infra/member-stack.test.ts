import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { WorkspacesBotMemberStack } from '../../infra/lib/member-stack';
import { WORKSPACES_WRITE_ACTIONS } from '../../infra/lib/permissions';
import { buildStack, cdkJson, resources } from './stack-fixture';

const app = new App({ context: cdkJson.context });
const stack = new WorkspacesBotMemberStack(app, 'WorkspacesBotMember', { homeStackName: 'WorkspacesBot' });
const template = Template.fromStack(stack);
const withDefaults = Template.fromStack(
  new WorkspacesBotMemberStack(new App({ context: cdkJson.context }), 'WorkspacesBotMember', {
    homeStackName: 'WorkspacesBot',
    homeAccountId: '999988887777',
    homeRegion: 'eu-west-1',
  }),
);

type RoleProps = {
  RoleName: string;
  AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] };
  Policies: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }[];
};
const roleNamed = (name: string) =>
  Object.values(resources(template, 'AWS::IAM::Role'))
    .map((role) => role.Properties as RoleProps)
    .find((role) => role.RoleName === name)!;
const homeRole = (fn: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':iam::',
      { Ref: 'HomeAccountId' },
      ':role/WorkspacesBot-',
      { Ref: 'HomeRegion' },
      `-${fn}`,
    ],
  ],
});
const grants = (role: RoleProps) =>
  role.Policies.flatMap((p) => p.PolicyDocument.Statement).map((s) => ({
    actions: [s.Action].flat().sort(),
    resource: s.Resource,
  }));

describe('the member-account stack', () => {
  it('is only two roles, of stable names, and takes what differs per account as parameters (a StackSet)', () => {
    expect(Object.keys(resources(template, 'AWS::IAM::Role'))).toHaveLength(2);
    expect(Object.values(template.toJSON().Resources).map((r) => (r as { Type: string }).Type)).toEqual([
      'AWS::IAM::Role',
      'AWS::IAM::Role',
    ]);
    expect(roleNamed('WorkspacesBot-member-read')).toBeDefined();
    expect(roleNamed('WorkspacesBot-member-act')).toBeDefined();
    const parameters = template.toJSON().Parameters;
    // No BootstrapVersion parameter or rule: a member account needs no CDK bootstrap, a StackSet no SSM parameter.
    expect(template.toJSON().Rules).toBeUndefined();
    expect(Object.keys(parameters).sort()).toEqual(['ExternalId', 'HomeAccountId', 'HomeRegion']);
    expect(parameters.HomeAccountId.Default).toBeUndefined();
    const defaults = withDefaults.toJSON().Parameters;
    expect([defaults.HomeAccountId.Default, defaults.HomeRegion.Default]).toEqual(['999988887777', 'eu-west-1']);
    expect(defaults.ExternalId.Default).toBeUndefined();
  });

  it.each([
    ['WorkspacesBot-member-read', ['scanner', 'reaper']],
    ['WorkspacesBot-member-act', ['worker']],
  ])('%s trusts only its home roles %j, by ARN, with the external id', (name, fns) => {
    expect(roleNamed(name).AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: {
          AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'HomeAccountId' }, ':root']] },
        },
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': fns.map(homeRole) },
          StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
        },
      },
    ]);
  });

  it('lets the read role describe, and nothing else', () => {
    expect(grants(roleNamed('WorkspacesBot-member-read'))).toEqual([
      {
        actions: [
          'ec2:DescribeRegions',
          'workspaces:DescribeWorkspaceDirectories',
          'workspaces:DescribeWorkspaces',
          'workspaces:DescribeWorkspacesConnectionStatus',
        ],
        resource: '*',
      },
    ]);
  });

  it("lets the action role re-check the live state, take the six actions and read snapshots on this account's WorkSpaces", () => {
    const workspaces = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':workspaces:*:', { Ref: 'AWS::AccountId' }, ':workspace/*'],
      ],
    };
    expect(grants(roleNamed('WorkspacesBot-member-act'))).toEqual([
      { actions: ['workspaces:DescribeWorkspaces'], resource: '*' },
      // With the actions, DescribeWorkspaceSnapshots: guided recovery says how old a restore's or rebuild's state is.
      {
        actions: [...WORKSPACES_WRITE_ACTIONS, 'workspaces:DescribeWorkspaceSnapshots'].sort(),
        resource: workspaces,
      },
    ]);
  });

  it('gives the home functions the role names the member stack trusts', () => {
    const home = buildStack();
    for (const fn of ['scanner', 'reaper', 'worker'] as const) {
      const role = resources(home.template, 'AWS::IAM::Role')[
        home.stack.getLogicalId(home.stack[fn].role.node.defaultChild as never)
      ]!;
      expect(role.Properties!.RoleName).toEqual({
        'Fn::Join': ['', ['WorkspacesBot-', { Ref: 'AWS::Region' }, `-${fn}`]],
      });
    }
  });
});
