/**
 * The cdk-nag AwsSolutions findings that were reviewed and accepted, each acknowledged on the resource it
 * concerns, for the one finding it concerns, with its reason. Anything new fails the synth and the tests.
 */
import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IConstruct } from 'constructs';
import type { HandlerFunction } from './constructs/handler-function';
import type { WorkspacesBotStack } from './workspaces-bot-stack';

export interface ReviewedFinding {
  id: string;
  reason: string;
}

function acknowledge(scope: IConstruct, findings: ReviewedFinding[]): void {
  for (const finding of findings) Validations.of(scope).acknowledge(finding);
}

/** How cdk-nag names a resource's ARN in a finding: `<LogicalId.Arn>`. */
function arnRef(resource: IConstruct): string {
  return `<${Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnResource)}.Arn>`;
}

function indexesOf(table: Table, names: string): ReviewedFinding {
  return {
    id: `AwsSolutions-IAM5[Resource::${arnRef(table)}/index/*]`,
    reason: `Granted by Table.grant*: only this table's own global secondary indexes (${names}), which the bot queries.`,
  };
}

export function suppressReviewedFindings(stack: WorkspacesBotStack): void {
  const { tables } = stack.tables;
  const workspacesIndexes = indexesOf(tables.workspaces, 'owner-index, fleet-index, missing-index');
  const describeAnywhere: ReviewedFinding = {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only named read actions: WorkSpaces DescribeWorkspaces, DescribeWorkspaceDirectories and ' +
      'DescribeWorkspacesConnectionStatus, and EC2 DescribeRegions, support no resource-level permissions ' +
      '(Service Authorization Reference), so they can only be granted on "*".',
  };

  const roles: [HandlerFunction, ReviewedFinding[]][] = [
    [
      stack.worker,
      [
        workspacesIndexes,
        indexesOf(tables.audit, 'actor-index'),
        describeAnywhere,
        {
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:workspaces:*:<AWS::AccountId>:workspace/*]`,
          reason:
            "The six WorkSpaces actions on this account's WorkSpaces in any region the bot scans; which person " +
            'may act on which WorkSpace is decided per request by core/policy.ts before any call.',
        },
      ],
    ],
    [stack.scanner, [workspacesIndexes, describeAnywhere]],
    [stack.reaper, [workspacesIndexes, describeAnywhere]],
  ];
  for (const [fn, findings] of roles) acknowledge(fn.role, findings);

  for (const fn of [stack.http, stack.worker, stack.scanner, stack.reaper]) {
    acknowledge(fn.fn, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x on purpose: the runtime the bot is built and tested for (Bolt 5 supports nodejs22.x and ' +
          'nodejs24.x); moving to a newer runtime is a deliberate upgrade with its own test run.',
      },
    ]);
  }

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

  acknowledge(stack.workerDeadLetterQueue, [
    {
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself a dead-letter queue: the worker's on-failure destination for async invocations.",
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
