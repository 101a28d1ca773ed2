/**
 * The CDK app: one WorkspacesBot stack, configured from CDK context (cdk.json or `-c key=value`; see
 * infra/lib/settings.ts and README "Deploy to AWS"), checked by cdk-nag's AwsSolutions rules on every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { settingsFromContext } from '../lib/settings';
import { WorkspacesBotStack } from '../lib/workspaces-bot-stack';

const app = new App();
const context = (key: string): unknown => app.node.tryGetContext(key);
const stackName = (context('stackName') as string | undefined) ?? 'WorkspacesBot';

new WorkspacesBotStack(app, stackName, {
  description: 'WorkSpaces Bot: manage Amazon WorkSpaces from Slack',
  ...settingsFromContext(context),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
