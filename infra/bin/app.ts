/**
 * The CDK app: the WorkspacesBot stack, configured from CDK context (cdk.json or `-c key=value`; see
 * infra/lib/settings.ts and README "Deploy to AWS"), and the `<stack>Member` stack that each member account
 * deploys (or a StackSet rolls out), both checked by cdk-nag's AwsSolutions rules on every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { WorkspacesBotMemberStack } from '../lib/member-stack';
import { settingsFromContext } from '../lib/settings';
import { WorkspacesBotStack } from '../lib/workspaces-bot-stack';

const app = new App();
const context = (key: string): unknown => app.node.tryGetContext(key);
const stackName = (context('stackName') as string | undefined) ?? 'WorkspacesBot';

new WorkspacesBotStack(app, stackName, {
  description: 'WorkSpaces Bot: manage Amazon WorkSpaces from Slack and Teams',
  ...settingsFromContext(context),
});
new WorkspacesBotMemberStack(app, `${stackName}Member`, {
  description: `WorkSpaces Bot: the roles ${stackName} assumes in this member account`,
  homeStackName: stackName,
  homeAccountId: context('homeAccountId') as string | undefined,
  homeRegion: context('homeRegion') as string | undefined,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
