import { CHAT_ROUTES } from '../../infra/lib/constructs/chat-api';
import { CHAT_BURST_LIMIT, CHAT_RATE_LIMIT } from '../../infra/lib/workspaces-bot-stack';
import { buildStack, resources } from './stack-fixture';

const { stack, template } = buildStack();
const id = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

describe('the HTTP API, the one public entry', () => {
  it('is one HTTP API with a throttled, auto-deployed $default stage writing access logs, and no function URL', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: id(stack.chatApi.api) },
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: CHAT_RATE_LIMIT, ThrottlingBurstLimit: CHAT_BURST_LIMIT },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [id(stack.chatApi.accessLogs), 'Arn'] } },
    });
    template.resourceCountIs('AWS::Lambda::Url', 0);
  });

  it('routes Slack, the sign-in and Teams, and nothing else, to the chat function with payload format 2.0', () => {
    const routes = Object.values(resources(template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!.RouteKey);
    expect(routes.sort()).toEqual([
      'GET /auth/callback',
      'GET /auth/start',
      'POST /slack/events',
      'POST /teams/messages',
    ]);
    expect(
      Object.values(CHAT_ROUTES)
        .map(({ method, path }) => `${method} ${path}`)
        .sort(),
    ).toEqual(routes.sort());
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [id(stack.http.fn), 'Arn'] },
    });
  });

  it('lets API Gateway invoke the chat function only for those routes of this API', () => {
    const permissions = Object.values(resources(template, 'AWS::Lambda::Permission')).map((p) => p.Properties!);
    expect(permissions).toHaveLength(Object.keys(CHAT_ROUTES).length);
    for (const permission of permissions) {
      const sourceArn = JSON.stringify(permission.SourceArn);
      expect(sourceArn).toContain(JSON.stringify({ Ref: id(stack.chatApi.api) }));
      expect(Object.values(CHAT_ROUTES).some(({ path }) => sourceArn.includes(`${path}"`))).toBe(true);
    }
  });
});
