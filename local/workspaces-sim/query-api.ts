/** The EC2 and STS query-protocol calls the bot makes, answered in the XML those services send. */
import { ApiError } from './errors';
import type { Caller, WorkspacesSim } from './sim';

export type QueryService = 'ec2' | 'sts';

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const SERVICE_OF_ACTION: Record<string, QueryService> = {
  DescribeRegions: 'ec2',
  AssumeRole: 'sts',
  GetCallerIdentity: 'sts',
};

/** Which service a query call is for: by its Action, else by the signing scope. */
export function queryService(action: string, scopeService: string | undefined): QueryService {
  return SERVICE_OF_ACTION[action] ?? (scopeService === 'sts' ? 'sts' : 'ec2');
}

export interface QueryContext {
  sim: WorkspacesSim;
  caller: Caller;
  region: string;
  requestId: string;
}

export function handleQueryCall(action: string, params: URLSearchParams, ctx: QueryContext): string {
  switch (action) {
    case 'DescribeRegions':
      return describeRegions(params, ctx);
    case 'AssumeRole':
      return assumeRole(params, ctx);
    case 'GetCallerIdentity':
      return getCallerIdentity(ctx);
    default:
      throw new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);
  }
}

function describeRegions(params: URLSearchParams, ctx: QueryContext): string {
  const wanted = [...params.entries()].filter(([key]) => /^RegionName\.\d+$/.test(key)).map(([, value]) => value);
  const known = ctx.sim.regions();
  const unknown = wanted.find((region) => !known.includes(region));
  if (unknown) throw new ApiError('InvalidParameterValue', `Invalid region: ${unknown}`);
  const regions = wanted.length > 0 ? known.filter((r) => wanted.includes(r)) : known;
  const items = regions
    .map(
      (region) =>
        `<item><regionName>${xml(region)}</regionName><regionEndpoint>ec2.${xml(region)}.amazonaws.com</regionEndpoint>` +
        '<optInStatus>opt-in-not-required</optInStatus></item>',
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse xmlns="${EC2_NS}">` +
    `<requestId>${ctx.requestId}</requestId><regionInfo>${items}</regionInfo></DescribeRegionsResponse>`
  );
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

function assumeRole(params: URLSearchParams, ctx: QueryContext): string {
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  if (!roleArn) throw stsValidation("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  if (!sessionName || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw stsValidation(
      `Value '${sessionName ?? 'null'}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw stsValidation(`${roleArn} is invalid`);
  const [, accountId, roleName] = match as unknown as [string, string, string];
  const duration = Number(params.get('DurationSeconds') ?? 3600);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
    throw stsValidation(
      `Value '${params.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  }
  if (!ctx.sim.isKnownAccount(accountId)) {
    throw new ApiError(
      'AccessDenied',
      `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  }
  const issued = ctx.sim.issueCredentials(accountId, roleName, sessionName, duration);
  return (
    `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult>` +
    `<AssumedRoleUser><AssumedRoleId>${xml(issued.caller.userId)}</AssumedRoleId><Arn>${xml(issued.caller.arn)}</Arn></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${xml(issued.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${xml(issued.sessionToken)}</SessionToken><Expiration>${issued.expiration.toISOString()}</Expiration></Credentials>` +
    `</AssumeRoleResult><ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}

function getCallerIdentity(ctx: QueryContext): string {
  const { caller } = ctx;
  return (
    `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult>` +
    `<Arn>${xml(caller.arn)}</Arn><UserId>${xml(caller.userId)}</UserId><Account>${caller.accountId}</Account>` +
    `</GetCallerIdentityResult><ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
  );
}

/** An error as each service writes it: EC2's <Response><Errors>, STS's <ErrorResponse>. */
export function queryErrorBody(service: QueryService, error: ApiError, requestId: string): string {
  if (service === 'ec2') {
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>' +
      `<Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message>` +
      `</Error></Errors><RequestID>${requestId}</RequestID></Response>`
    );
  }
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type><Code>${xml(error.code)}</Code>` +
    `<Message>${xml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function stsValidation(message: string): ApiError {
  return new ApiError('ValidationError', message);
}

function xml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}
