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

  it('routes Slack and the sign-in to the chat function, Teams to the Teams function, nothing else, with payload format 2.0', () => {
    const all = resources(template, 'AWS::ApiGatewayV2::Route');
    const routes = Object.values(all).map((r) => r.Properties!.RouteKey);
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
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 2);
    template.allResourcesProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    // Each route's target is an integration whose URI is that route's function.
    const integrations = resources(template, 'AWS::ApiGatewayV2::Integration');
    const functionOf = (routeKey: string) => {
      const route = Object.values(all).find((r) => r.Properties!.RouteKey === routeKey)!;
      const target = JSON.stringify(route.Properties!.Target);
      const [, integration] = Object.entries(integrations).find(([intId]) => target.includes(`"${intId}"`))!;
      return integration.Properties!.IntegrationUri;
    };
    const arn = (fn: typeof stack.http) => ({ 'Fn::GetAtt': [id(fn.fn), 'Arn'] });
    expect(functionOf('POST /teams/messages')).toEqual(arn(stack.teams));
    for (const route of ['POST /slack/events', 'GET /auth/start', 'GET /auth/callback']) {
      expect([route, functionOf(route)]).toEqual([route, arn(stack.http)]);
    }
    for (const { method, path, handler } of Object.values(CHAT_ROUTES)) {
      expect(functionOf(`${method} ${path}`)).toEqual(arn(stack.functions[handler]));
    }
  });

  it('lets API Gateway invoke the chat and Teams functions only for those routes of this API', () => {
    const permissions = Object.values(resources(template, 'AWS::Lambda::Permission')).map((p) => p.Properties!);
    expect(permissions).toHaveLength(Object.keys(CHAT_ROUTES).length);
    for (const permission of permissions) {
      const sourceArn = JSON.stringify(permission.SourceArn);
      expect(sourceArn).toContain(JSON.stringify({ Ref: id(stack.chatApi.api) }));
      // Each function only for its own routes.
      const routed = Object.values(CHAT_ROUTES).filter(
        ({ path, handler }) =>
          sourceArn.includes(`${path}"`) &&
          JSON.stringify(permission.FunctionName) ===
            JSON.stringify({ 'Fn::GetAtt': [id(stack.functions[handler].fn), 'Arn'] }),
      );
      expect(routed).toHaveLength(1);
    }
  });
});
