/**
 * The bot's one public entry: an API Gateway HTTP API whose `$default` stage (no path prefix, throttled, with
 * access logs) sends Slack's requests, the sign-in pages and Teams' activities to the chat function with payload
 * format 2.0, the same event a function URL gives (APIGatewayProxyEventV2). Only the routes below reach it.
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

/** The chat function's routes: Slack's one request URL, the sign-in link flow, and the Teams messaging endpoint. */
export const CHAT_ROUTES = {
  slackEvents: { method: HttpMethod.POST, path: '/slack/events' },
  signinStart: { method: HttpMethod.GET, path: '/auth/start' },
  signinCallback: { method: HttpMethod.GET, path: '/auth/callback' },
  teamsMessages: { method: HttpMethod.POST, path: '/teams/messages' },
} as const;

export type ChatRoute = keyof typeof CHAT_ROUTES;

export interface ChatApiProps {
  handler: IFunction;
  /** Requests per second, steady and in a burst, over all routes: what may reach the chat function at all. */
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
      description: 'WorkSpaces bot: Slack, the sign-in and Teams, in front of the chat function',
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
    const integration = new HttpLambdaIntegration('ChatFunction', props.handler, {
      payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
    });
    const routes = {} as Record<ChatRoute, HttpRoute>;
    for (const [name, { method, path }] of Object.entries(CHAT_ROUTES) as [
      ChatRoute,
      (typeof CHAT_ROUTES)[ChatRoute],
    ][]) {
      [routes[name]] = this.api.addRoutes({ path, methods: [method], integration }) as [HttpRoute];
    }
    this.routes = routes;
    this.url = this.api.apiEndpoint;
  }
}
