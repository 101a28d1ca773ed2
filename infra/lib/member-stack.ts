/**
 * What one member account holds so the bot can reach its WorkSpaces: two roles of stable names, deployable per
 * account (`cdk deploy <stack>Member`) or as a StackSet (its parameters carry everything account-specific).
 * The read role lets the home scanner and reaper describe; the action role lets the home worker re-check the live
 * state and perform the six actions. Each trusts only its home roles, by ARN, and only with the external id.
 */
import { Aws, CfnOutput, CfnParameter, CliCredentialsStackSynthesizer, Stack, type StackProps } from 'aws-cdk-lib';
import { ArnPrincipal, type IPrincipal, PolicyDocument, PrincipalWithConditions, Role } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ConfigError } from '../../core/errors';
import {
  homeRoleArn,
  MAX_STACK_NAME_LENGTH,
  MEMBER_ROLE_OF,
  type MemberAccessor,
  memberRoleName,
} from './member-access';
import { suppressMemberFindings } from './nag-suppressions';
import {
  actOnWorkspacesStatement,
  describeRegionsStatement,
  describeSnapshotsStatement,
  describeWorkspacesStatement,
  WORKSPACES_LOOKUP_ACTIONS,
  WORKSPACES_SCAN_ACTIONS,
} from './permissions';

export interface WorkspacesBotMemberStackProps extends StackProps {
  /** The home stack's name: both stacks derive the role names from it. */
  homeStackName: string;
  /** Defaults for the parameters, e.g. from context; a StackSet passes its own. */
  homeAccountId?: string;
  homeRegion?: string;
}

export class WorkspacesBotMemberStack extends Stack {
  readonly readRole: Role;
  readonly actionRole: Role;

  constructor(scope: Construct, id: string, props: WorkspacesBotMemberStackProps) {
    // Deployed with the caller's own credentials and no assets: a member account needs no CDK bootstrap, and the
    // template carries no bootstrap-version check, so a StackSet can roll it out anywhere.
    super(scope, id, { synthesizer: new CliCredentialsStackSynthesizer(), ...props });
    if (props.homeStackName.length > MAX_STACK_NAME_LENGTH) {
      throw new ConfigError(
        'stackName',
        `at most ${MAX_STACK_NAME_LENGTH} characters (role names)`,
        props.homeStackName,
      );
    }
    const homeAccountId = new CfnParameter(this, 'HomeAccountId', {
      type: 'String',
      description: "The account the bot's stack is deployed in",
      allowedPattern: '^\\d{12}$',
      constraintDescription: 'must be a 12-digit account id',
      ...(props.homeAccountId ? { default: props.homeAccountId } : {}),
    }).valueAsString;
    const homeRegion = new CfnParameter(this, 'HomeRegion', {
      type: 'String',
      description: "The region the bot's stack is deployed in",
      allowedPattern: '^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}$',
      constraintDescription: 'must be a region name such as us-east-1',
      ...(props.homeRegion ? { default: props.homeRegion } : {}),
    }).valueAsString;
    const externalId = new CfnParameter(this, 'ExternalId', {
      type: 'String',
      description: "The bot's memberExternalId setting: AssumeRole must carry it",
      allowedPattern: '^[\\w+=,.@:/-]{2,1224}$',
      constraintDescription: 'must be 2 to 1224 letters, digits or + = , . @ : / _ -',
    }).valueAsString;

    // The home account as principal, narrowed to the named role: the trust holds whichever stack is deployed
    // first, and a home role deleted and made again is trusted again (a role principal would be pinned to the old).
    const trusting = (fns: MemberAccessor[]): IPrincipal =>
      new PrincipalWithConditions(new ArnPrincipal(`arn:${Aws.PARTITION}:iam::${homeAccountId}:root`), {
        ArnEquals: {
          'aws:PrincipalArn': fns.map((fn) =>
            homeRoleArn(Aws.PARTITION, homeAccountId, props.homeStackName, homeRegion, fn),
          ),
        },
        StringEquals: { 'sts:ExternalId': externalId },
      });
    const accessors = (role: 'read' | 'act') =>
      (Object.keys(MEMBER_ROLE_OF) as MemberAccessor[]).filter((fn) => MEMBER_ROLE_OF[fn] === role);

    this.readRole = new Role(this, 'ReadRole', {
      roleName: memberRoleName(props.homeStackName, 'read'),
      description: "WorkSpaces bot: the scanner's and reaper's reads of this account's WorkSpaces",
      assumedBy: trusting(accessors('read')),
      inlinePolicies: {
        read: new PolicyDocument({
          // DescribeRegions: the scanner asks each account for its enabled regions when REGIONLIST is not set.
          statements: [describeWorkspacesStatement(WORKSPACES_SCAN_ACTIONS), describeRegionsStatement()],
        }),
      },
    });
    this.actionRole = new Role(this, 'ActionRole', {
      roleName: memberRoleName(props.homeStackName, 'act'),
      description: "WorkSpaces bot: the worker's six actions on this account's WorkSpaces, after a live re-check",
      assumedBy: trusting(accessors('act')),
      inlinePolicies: {
        act: new PolicyDocument({
          statements: [
            describeWorkspacesStatement(WORKSPACES_LOOKUP_ACTIONS),
            actOnWorkspacesStatement(this),
            describeSnapshotsStatement(this),
          ],
        }),
      },
    });

    new CfnOutput(this, 'ReadRoleArn', {
      value: this.readRole.roleArn,
      description: 'Assumed by the scanner and reaper',
    });
    new CfnOutput(this, 'ActionRoleArn', { value: this.actionRole.roleArn, description: 'Assumed by the worker' });
    suppressMemberFindings(this);
  }
}
