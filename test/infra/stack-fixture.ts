/**
 * Builds the stack the way the app does (cdk.json's feature flags), with placeholder code by default so
 * template tests do not run esbuild; test/infra/bundling.test.ts is the one that bundles for real.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { WorkspacesBotStack, type WorkspacesBotStackProps } from '../../infra/lib/workspaces-bot-stack';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};

export const MEMBER_ACCOUNTS = ['111122223333', '444455556666'];
/** The member settings of a stack that reaches MEMBER_ACCOUNTS. */
export const WITH_MEMBERS = { memberAccountIds: MEMBER_ACCOUNTS, memberExternalId: 'workspaces-bot-test-external-id' };

/** The Teams settings of a stack whose Azure Bot is configured (test GUIDs, no real tenant). */
export const WITH_TEAMS = {
  teamsAppId: '11111111-2222-4333-8444-555555555555',
  teamsTenantId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
};

/** A member role's ARN as the stack writes it: `arn:<partition>:iam::<account>:role/WorkspacesBot-member-<role>`. */
export function memberRoleArnJson(accountId: string, role: 'read' | 'act'): unknown {
  return {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${accountId}:role/WorkspacesBot-member-${role}`]],
  };
}

export interface BuiltStack {
  stack: WorkspacesBotStack;
  template: Template;
}

export function buildStack(props: WorkspacesBotStackProps = {}, outdir?: string): BuiltStack {
  const app = new App({ context: cdkJson.context, ...(outdir ? { outdir } : {}) });
  const stack = new WorkspacesBotStack(app, 'WorkspacesBot', { handlerCode: 'placeholder', ...props });
  return { stack, template: Template.fromStack(stack) };
}

/** The ARN CloudFormation gives a secret without a fixed name: `<logical id>-<random>`, then `-<6 random>`. */
export const secretArnOf = (logicalId: string) =>
  `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${logicalId}-a1B2c3D4e5F6-AbC123`;

/**
 * What CloudFormation would make of an output's value once the API exists at `endpoint`: the API's endpoint, joins,
 * splits and selects, a secret's ARN (secretArnOf); whatever else it references (the user pool...) as `<logical id>`.
 */
export function resolveOutput(stack: WorkspacesBotStack, value: unknown, endpoint: string): string {
  const evaluate = (v: unknown): string | string[] => {
    if (typeof v === 'string') return v;
    const apiId = stack.getLogicalId(stack.chatApi.api.node.defaultChild as never);
    if (JSON.stringify(v) === JSON.stringify({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] })) return endpoint;
    const fn = v as {
      'Fn::Join'?: [string, unknown[]];
      'Fn::Split'?: [string, unknown];
      'Fn::Select'?: [number, unknown];
      Ref?: string;
      'Fn::GetAtt'?: string[];
    };
    if (fn['Fn::Join']) return fn['Fn::Join'][1].map((part) => evaluate(part) as string).join(fn['Fn::Join'][0]);
    if (fn['Fn::Split']) return (evaluate(fn['Fn::Split'][1]) as string).split(fn['Fn::Split'][0]);
    if (fn['Fn::Select']) return (evaluate(fn['Fn::Select'][1]) as string[])[fn['Fn::Select'][0]]!;
    const secrets = [stack.slackSecret, stack.teamsSecret].map((secret) =>
      stack.getLogicalId(secret.node.defaultChild as never),
    );
    if (fn.Ref && secrets.includes(fn.Ref)) return secretArnOf(fn.Ref);
    const ref = fn.Ref ?? fn['Fn::GetAtt']?.join('.');
    if (ref) return `<${ref}>`;
    throw new Error(`cannot resolve ${JSON.stringify(v)} offline`);
  };
  const out = evaluate(value);
  if (typeof out !== 'string') throw new Error(`${JSON.stringify(value)} is a list, not an output's value`);
  return out;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; Condition?: string }>;

export function resources(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The logical id of the one resource of a type whose id starts with a prefix (construct path based). */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(resources(template, type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ')}`);
  return ids[0]!;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every policy attached to a role (inline policies and AWS::IAM::Policy resources). */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  const statements: Statement[] = [];
  for (const policy of Object.values(resources(template, 'AWS::IAM::Policy'))) {
    const props = policy.Properties as { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } };
    if (props.Roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }))) {
      statements.push(...props.PolicyDocument.Statement);
    }
  }
  const role = resources(template, 'AWS::IAM::Role')[roleId];
  for (const inline of (role?.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[]) ?? []) {
    statements.push(...inline.PolicyDocument.Statement);
  }
  return statements;
}

export function actionsOf(statement: Statement): string[] {
  return asList(statement.Action);
}

export function resourcesOf(statement: Statement): unknown[] {
  return asList(statement.Resource);
}

/** Every statement of every identity policy in the template, with the policy's logical id. */
export function allStatements(template: Template): { policy: string; statement: Statement }[] {
  const out: { policy: string; statement: Statement }[] = [];
  for (const [id, policy] of Object.entries(resources(template, 'AWS::IAM::Policy'))) {
    const doc = (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument;
    for (const statement of doc.Statement) out.push({ policy: id, statement });
  }
  for (const [id, role] of Object.entries(resources(template, 'AWS::IAM::Role'))) {
    for (const inline of (role.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[]) ?? []) {
      for (const statement of inline.PolicyDocument.Statement) out.push({ policy: id, statement });
    }
  }
  return out;
}
