import { Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildStack, MEMBER_ROLES } from './stack-fixture';

const plain = buildStack();
const configured = buildStack({
  accountRoleArns: MEMBER_ROLES,
  regionList: ['us-east-1'],
  oncallSlackChannel: 'C0ONCALL1',
  alarmTopicArn: 'arn:aws:sns:us-east-1:111122223333:oncall',
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

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['defaults', plain],
    ['member accounts, regions, on-call channel, alarm topic', configured],
  ])('finds nothing unacknowledged, errors or warnings (%s)', (_name, built) => {
    const report = new AwsSolutionsChecks(built.stack, { verbose: true }).validateScope(built.stack);
    expect(
      report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources[0]?.constructPath}`),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges each finding with a specific reason, on the resource it concerns, and none that is not found', () => {
    for (const { stack } of [plain, configured]) {
      const acks = acknowledgments(stack);
      expect(acks.length).toBeGreaterThan(10);
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

  it('still reports what nobody reviewed', () => {
    const { stack } = buildStack();
    stack.http.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-IAM5[Action::s3:*]', 'AwsSolutions-IAM5[Resource::*]']),
    );
  });
});
