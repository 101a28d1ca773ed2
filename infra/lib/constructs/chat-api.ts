/**
 * The bot's one public entry: an API Gateway HTTP API whose `$default` stage (no path prefix, throttled, with
 * access logs) sends Slack's requests and the sign-in pages to the chat function, and Teams' activities to the Teams
 * function, with payload format 2.0, the same event a function URL gives (APIGatewayProxyEventV2). Only the routes
 * below reach them.
 */
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HandlerName } from '../handlers';

/** The functions behind the API: the chat function (Slack and the sign-in) and the Teams function. */
export type ApiHandler = Extract<HandlerName, 'http' | 'teams'>;

/**
 * The API's routes and the function each goes to: Slack's one request URL and the sign-in link flow to the chat
 * function, the Teams messaging endpoint to the Teams function.
 */
export const CHAT_ROUTES = {
  slackEvents: { method: HttpMethod.POST, path: '/slack/events', handler: 'http' },
  signinStart: { method: HttpMethod.GET, path: '/auth/start', handler: 'http' },
  signinCallback: { method: HttpMethod.GET, path: '/auth/callback', handler: 'http' },
  teamsMessages: { method: HttpMethod.POST, path: '/teams/messages', handler: 'teams' },
} as const satisfies Record<string, { method: HttpMethod; path: string; handler: ApiHandler }>;

export type ChatRoute = keyof typeof CHAT_ROUTES;

/** Each function's integration, by construct id (the chat function's id predates the Teams function). */
const INTEGRATION_IDS: Readonly<Record<ApiHandler, string>> = { http: 'ChatFunction', teams: 'TeamsFunction' };

export interface ChatApiProps {
  handlers: Readonly<Record<ApiHandler, IFunction>>;
  /** Requests per second, steady and in a burst, over all routes: what may reach the functions at all. */
  rateLimit: number;
  burstLimit: number;
  logRetention: RetentionDays;
}

export class ChatApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly routes: Readonly<Record<ChatRoute, HttpRoute>>;
  /** `https://<api id>.execute-api.<region>.amazonaws.com`, without a trailing slash: the bot's PUBLIC_URL. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ChatApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'WorkSpaces bot: Slack and the sign-in in front of the chat function, Teams in front of its own',
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
      },
    });
    const integrations = Object.fromEntries(
      (Object.keys(INTEGRATION_IDS) as ApiHandler[]).map((fn) => [
        fn,
        new HttpLambdaIntegration(INTEGRATION_IDS[fn], props.handlers[fn], {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
        }),
      ]),
    ) as Record<ApiHandler, HttpLambdaIntegration>;
    const routes = {} as Record<ChatRoute, HttpRoute>;
    for (const [name, { method, path, handler }] of Object.entries(CHAT_ROUTES) as [
      ChatRoute,
      (typeof CHAT_ROUTES)[ChatRoute],
    ][]) {
      [routes[name]] = this.api.addRoutes({ path, methods: [method], integration: integrations[handler] }) as [
        HttpRoute,
      ];
    }
    this.routes = routes;
    this.url = this.api.apiEndpoint;
  }
}
