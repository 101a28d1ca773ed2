import { App, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { HANDLER_ENTRIES, type HandlerName } from '../../infra/lib/handlers';
import { WorkspacesBotMemberStack } from '../../infra/lib/member-stack';
import { workspaceArns } from '../../infra/lib/permissions';
import { buildStack, cdkJson, WITH_MEMBERS, WITH_TEAMS } from './stack-fixture';

const plain = buildStack();
const configured = buildStack({
  ...WITH_MEMBERS,
  ...WITH_TEAMS,
  regionList: ['us-east-1'],
  oncallSlackChannel: 'C0ONCALL1',
  alarmEmail: 'oncall@example.com',
  cognitoDomainPrefix: 'acme-workspaces',
});

interface Acknowledgment {
  path: string;
  id: string;
  reason: string;
}

/** Every finding acknowledged in the stack, where, and why. */
function acknowledgments(scope: IConstruct): Acknowledgment[] {
  const out: Acknowledgment[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        out.push({ path: construct.node.path, id: id.replace(/^annotation::/i, ''), reason: String(reason) });
      }
    }
  }
  return out;
}

/** What AwsSolutions reports with every acknowledgment ignored. */
function rawFindings(scope: IConstruct) {
  const pack = new AwsSolutionsChecks(scope);
  (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return pack.validateScope(scope).violations;
}

const member = {
  stack: new WorkspacesBotMemberStack(new App({ context: cdkJson.context }), 'WorkspacesBotMember', {
    homeStackName: 'WorkspacesBot',
  }),
};

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['defaults', plain],
    ['member accounts, regions, on-call channel, alarm e-mail, Teams', configured],
    ['the member-account stack', member],
  ])('finds nothing unacknowledged, errors or warnings (%s)', (_name, built) => {
    const report = new AwsSolutionsChecks(built.stack, { verbose: true }).validateScope(built.stack);
    expect(
      report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources[0]?.constructPath}`),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges each finding with a specific reason, on the resource it concerns, and none that is not found', () => {
    for (const { stack } of [plain, configured, member]) {
      const acks = acknowledgments(stack);
      expect(acks.length).toBeGreaterThan(stack === member.stack ? 2 : 10);
      const raw = rawFindings(stack);
      for (const ack of acks) {
        expect(ack.reason.length).toBeGreaterThan(60);
        const finding = raw.find(
          (v) =>
            v.ruleName === ack.id && v.violatingResources.some((r) => `${r.constructPath}/`.startsWith(`${ack.path}/`)),
        );
        expect([ack.id, ack.path, finding !== undefined]).toEqual([ack.id, ack.path, true]);
      }
      // Acknowledged on the stack itself only when the finding id names the one resource it is about.
      for (const ack of acks.filter((a) => a.path === stack.node.path))
        expect(ack.id).toMatch(/\[Resource::<\w+\.Arn>:\*\]$/);
    }
  });

  it('still reports what nobody reviewed, on any role: a wildcard action, or an unlisted action on "*"', () => {
    for (const fn of Object.keys(HANDLER_ENTRIES) as HandlerName[]) {
      const { stack } = buildStack();
      stack[fn].role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
      const report = new AwsSolutionsChecks(stack).validateScope(stack);
      expect([fn, report.violations.map((v) => v.ruleName)]).toEqual([fn, ['AwsSolutions-IAM5[Resource::*]']]);
    }
    const { stack } = buildStack();
    stack.worker.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] }));
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    // Another action on this account's WorkSpaces is a finding too: only the six of core/rules.ts are reviewed.
    const more = buildStack();
    more.stack.worker.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['workspaces:ModifyWorkspaceProperties'],
        resources: [workspaceArns(more.stack)],
      }),
    );
    expect(new AwsSolutionsChecks(more.stack).validateScope(more.stack).violations.map((v) => v.ruleName)).toEqual([
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:workspaces:*:<AWS::AccountId>:workspace/*]',
    ]);
  });

  it('explains each "*" with exactly the actions the role is granted there', () => {
    const { stack } = plain;
    const reasonOf = (path: string) =>
      acknowledgments(stack).find(
        (a) => a.path === `${path}/AnyResourcePolicy` && a.id === 'AwsSolutions-IAM5[Resource::*]',
      )?.reason;
    for (const fn of [stack.http, stack.teams]) {
      expect(reasonOf(fn.node.path)).toMatch(/^Only xray:PutTelemetryRecords, xray:PutTraceSegments on "\*"/);
    }
    expect(reasonOf(stack.reaper.node.path)).toMatch(
      /^Only workspaces:DescribeWorkspaces, xray:PutTelemetryRecords, xray:PutTraceSegments on "\*"/,
    );
    expect(reasonOf(stack.scanner.node.path)).toMatch(
      /^Only ec2:DescribeRegions, workspaces:DescribeWorkspaceDirectories/,
    );
  });
});
