/**
 * The cdk-nag AwsSolutions findings that were reviewed and accepted, each acknowledged on the resource it
 * concerns, for the one finding it concerns, with its reason. Anything new fails the synth and the tests.
 *
 * The wildcards left, and why:
 * - `*` as resource, only in each function's AnyResourcePolicy, for exactly the actions of ANY_RESOURCE_ACTIONS
 *   it holds (the reason lists them, read from that policy): those APIs support no resource-level permissions. A
 *   grant on `*` added to a role's default policy is not acknowledged, so it fails the synth.
 * - `workspace/*` in this account (any region), in the worker's ActOnWorkspacesPolicy and the member action role:
 *   the six actions, on WorkSpaces only; which person may act on which WorkSpace is decided per request by
 *   core/policy.ts. Another action on those WorkSpaces added to the worker's default policy stays a finding.
 * - `<function ARN>:*`, on each schedule's role (made by LambdaInvoke): invoking its one function's versions.
 * - `schedule/<group>/*`, in the worker's ManageSchedulesPolicy: creating and deleting people's one-time schedules in
 *   the deployment's own group; their names are made per request.
 */
import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { WorkspacesBotMemberStack } from './member-stack';
import type { WorkspacesBotStack } from './workspaces-bot-stack';

export interface ReviewedFinding {
  id: string;
  reason: string;
}

/** Actions granted on `*` because the Service Authorization Reference lists no resource type for them. */
export const ANY_RESOURCE_ACTIONS: Readonly<Record<string, string>> = {
  'workspaces:DescribeWorkspaces': 'the WorkSpaces reads',
  'workspaces:DescribeWorkspaceDirectories': 'the WorkSpaces reads',
  'workspaces:DescribeWorkspacesConnectionStatus': 'the WorkSpaces reads',
  'ec2:DescribeRegions': 'region discovery',
  'xray:PutTraceSegments': 'active X-Ray tracing',
  'xray:PutTelemetryRecords': 'active X-Ray tracing',
};

const WORKSPACES_IN_THIS_ACCOUNT = 'arn:<AWS::Partition>:workspaces:*:<AWS::AccountId>:workspace/*';

function acknowledge(scope: IConstruct, findings: ReviewedFinding[]): void {
  for (const finding of findings) Validations.of(scope).acknowledge(finding);
}

/** How cdk-nag names a resource's ARN in a finding: `<LogicalId.Arn>`. */
function arnRef(resource: IConstruct): string {
  return `<${Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnResource)}.Arn>`;
}

interface ResolvedStatement {
  Action: string | string[];
  Resource: unknown;
}

/** The actions a policy document grants on `*`. */
function actionsOnAnyResource(scope: IConstruct, document: unknown): string[] {
  const resolved = Stack.of(scope).resolve(document) as { Statement?: ResolvedStatement[] } | undefined;
  const actions = (resolved?.Statement ?? []).flatMap((statement) => {
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    if (!resources.includes('*')) return [];
    return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  });
  return [...new Set(actions)].sort();
}

/** The `*` finding of one role, with its reason built from what it is granted there; none when nothing is. */
function anyResourceFinding(actions: string[]): ReviewedFinding[] {
  if (!actions.length) return [];
  const unexplained = actions.filter((action) => !(action in ANY_RESOURCE_ACTIONS));
  // An action on `*` that nobody reviewed stays a finding: it is left out of the acknowledgment.
  if (unexplained.length) return [];
  return [
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        `Only ${actions.join(', ')} on "*" (${[...new Set(actions.map((a) => ANY_RESOURCE_ACTIONS[a]))].join(', ')}): ` +
        'these actions support no resource-level permissions in the Service Authorization Reference.',
    },
  ];
}

const ACT_ON_WORKSPACES: ReviewedFinding = {
  id: `AwsSolutions-IAM5[Resource::${WORKSPACES_IN_THIS_ACCOUNT}]`,
  reason:
    "The six WorkSpaces actions, and DescribeWorkspaceSnapshots for guided recovery, on this account's WorkSpaces in " +
    'any region the bot scans, and on nothing else; ' +
    'which person may act on which WorkSpace is decided per request by core/policy.ts before any call.',
};

const NODE_RUNTIME: ReviewedFinding = {
  id: 'AwsSolutions-L1',
  reason:
    'nodejs22.x on purpose: the runtime the bot is built and tested for (Bolt 5 supports nodejs22.x and ' +
    'nodejs24.x); moving to a newer runtime is a deliberate upgrade with its own test run.',
};

export function suppressReviewedFindings(stack: WorkspacesBotStack): void {
  for (const fn of Object.values(stack.functions)) {
    // Only the policy that holds the reviewed `*` grants: the same finding on the role's default policy stays one.
    const policy = fn.anyResourcePolicy;
    acknowledge(policy, anyResourceFinding(actionsOnAnyResource(policy, policy.document)));
    acknowledge(fn.fn, [NODE_RUNTIME]);
  }

  acknowledge(stack.workerActionPolicy, [ACT_ON_WORKSPACES]);
  acknowledge(stack.scannerSchedulesPolicy, [
    {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${stack.schedules.group.scheduleGroupName}/*]`,
      reason:
        "CreateSchedule on the schedules of the bot's own group only: each owner alert is handed to the worker as a " +
        'one-time schedule named after its episode.',
    },
  ]);
  acknowledge(stack.workerSchedulesPolicy, [
    {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${stack.schedules.group.scheduleGroupName}/*]`,
      reason:
        "CreateSchedule and DeleteSchedule on the schedules of the bot's own group only: each person's one-time " +
        'schedule is named per request, and who may schedule what on which WorkSpace is decided by core/policy.ts.',
    },
  ]);

  // Scheduler's role, made by aws-scheduler-targets' LambdaInvoke, may invoke its one function (any version).
  for (const fn of [stack.scanner, stack.reaper]) {
    acknowledge(stack, [
      {
        id: `AwsSolutions-IAM5[Resource::${arnRef(fn.fn)}:*]`,
        reason:
          "EventBridge Scheduler's role for this schedule may invoke only this one function; the `:*` covers its " +
          'versions and aliases, as LambdaInvoke grants it.',
      },
    ]);
  }

  for (const [name, route] of Object.entries(stack.chatApi.routes)) {
    acknowledge(route, [
      {
        id: 'AwsSolutions-APIG4',
        reason:
          `The ${name} route is called by Slack, Teams or a browser, none of which can present AWS or Cognito ` +
          'credentials: the chat function verifies Slack signatures itself, the Teams function Bot Framework ' +
          'tokens, and the sign-in routes check a one-time state. Anything else is answered 401 or 404.',
      },
    ]);
  }

  acknowledge(stack.workerDeadLetterQueue, [
    {
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself a dead-letter queue: the worker's on-failure destination for async invocations.",
    },
  ]);

  acknowledge(stack.schedules.deadLetterQueue, [
    {
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself a dead-letter queue: Scheduler's, for schedules whose invocations all failed.",
    },
  ]);

  acknowledge(stack.slackSecret, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'The signing secret and bot token are issued by Slack and rotated in the Slack app settings, then stored ' +
        'here by the operator; there is no rotation Lambda that could issue new ones.',
    },
  ]);

  acknowledge(stack.teamsSecret, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        "The Azure Bot's client secret is issued by Microsoft Entra ID, with an expiry, and renewed there by the " +
        'operator, who then stores the new one here; no rotation Lambda could issue one.',
    },
  ]);

  acknowledge(stack.signin.userPool, [
    {
      id: 'AwsSolutions-COG2',
      reason:
        'Nobody signs in with a Cognito password: self sign-up is off and every user comes from AD FS by SAML, ' +
        'where the organisation enforces MFA.',
    },
    {
      id: 'AwsSolutions-COG8',
      reason:
        "Plus tier's threat protection guards Cognito-managed passwords and sign-ups; this pool only federates " +
        'AD FS, which applies its own sign-in protections, so the per-user Plus price buys nothing here.',
    },
  ]);
}

export function suppressMemberFindings(stack: WorkspacesBotMemberStack): void {
  for (const role of [stack.readRole, stack.actionRole] as Role[]) {
    const cfn = Stack.of(role).resolve((role.node.defaultChild as CfnResource & { policies?: unknown }).policies) as
      | { policyDocument: unknown }[]
      | undefined;
    const actions = [...new Set((cfn ?? []).flatMap((p) => actionsOnAnyResource(role, p.policyDocument)))].sort();
    const findings = anyResourceFinding(actions);
    if (role === stack.actionRole) findings.push(ACT_ON_WORKSPACES);
    acknowledge(role, findings);
  }
}
