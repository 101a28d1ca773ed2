/**
 * AWS errors classified by what the SDK says about them (the error's name, its HTTP status, its Node system code,
 * its retryable trait), never by message text, and put in plain words for the person who asked, the audit trail
 * and on-call.
 */

export interface PlainError {
  code: string;
  message: string;
  awsRequestId?: string;
}

/**
 * - throttling: the service's rate limit, after the SDK's retries;
 * - server: an HTTP 5xx, modelled (ServiceUnavailableException) or not (a proxy's HTML page);
 * - network: DNS, connection or timeout: the endpoint was not reached or did not answer;
 * - credentials: no credentials, or ones AWS does not accept (expired, bad signature);
 * - access-denied: the credentials are fine but the role may not do this;
 * - not-offered: WorkSpaces is not offered in the region, or not enabled for the account;
 * - refused: any other answer of the service about the request itself (a 4xx).
 */
export type AwsErrorKind =
  | 'throttling'
  | 'server'
  | 'network'
  | 'credentials'
  | 'access-denied'
  | 'not-offered'
  | 'refused';

/** The fields the SDK puts on what it throws. */
interface SdkError extends Error {
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $retryable?: { throttling?: boolean };
}

/** The throttling names of the services the bot calls (WorkSpaces, EC2, STS, DynamoDB), as the SDK's retry knows them. */
const THROTTLING = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'EC2ThrottledException',
]);
/** Node's system codes for a host that does not resolve, a connection refused or cut, or one that timed out. */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const CREDENTIAL_NAMES = new Set([
  'CredentialsProviderError',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
]);
const ACCESS_DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
/** What WorkSpaces answers in a region where it is not offered or that the account has not enabled. */
const NOT_OFFERED_NAMES = new Set(['UnrecognizedClientException']);

/** Duck-typed: Node's own errors (a failed DNS lookup) come from another realm under a test runner's sandbox. */
function asSdkError(error: unknown): SdkError {
  const named = typeof error === 'object' && error !== null && typeof (error as Error).name === 'string';
  return named ? (error as SdkError) : new Error(String(error));
}

function httpStatus(error: SdkError): number | undefined {
  return error.$metadata?.httpStatusCode;
}

export function awsErrorKind(error: unknown): AwsErrorKind {
  const e = asSdkError(error);
  const status = httpStatus(e);
  if (THROTTLING.has(e.name) || e.$retryable?.throttling === true || status === 429) return 'throttling';
  if (NETWORK_CODES.has(e.code ?? '') || TIMEOUT_NAMES.has(e.name)) return 'network';
  if (CREDENTIAL_NAMES.has(e.name)) return 'credentials';
  if (ACCESS_DENIED_NAMES.has(e.name)) return 'access-denied';
  if (NOT_OFFERED_NAMES.has(e.name)) return 'not-offered';
  if ((status !== undefined && status >= 500) || e.$fault === 'server') return 'server';
  return 'refused';
}

export function isThrottling(error: unknown): boolean {
  return awsErrorKind(error) === 'throttling';
}

/**
 * Whether AWS refused the request itself (a modelled 4xx answer about it, such as InvalidResourceStateException),
 * as opposed to throttling, a server fault or an endpoint that was not reached.
 */
export function isServiceRefusal(error: unknown): boolean {
  const e = asSdkError(error);
  return e.$fault === 'client' && ['refused', 'access-denied', 'not-offered'].includes(awsErrorKind(e));
}

/**
 * The short reason, for logs and on-call. A message is quoted only when the service modelled it: the text of an
 * unparsable answer (an HTML page) is SDK internals, so such an error is named by its HTTP status.
 */
export function describeAwsError(error: unknown): string {
  const e = asSdkError(error);
  const status = httpStatus(e);
  switch (awsErrorKind(e)) {
    case 'throttling':
      return `throttled by AWS even after retries (${e.name})`;
    case 'network':
      return `could not reach AWS (${e.code ?? e.name})`;
    case 'server':
      return e.$fault ? `${e.name} (AWS answered HTTP ${status ?? 500})` : `AWS answered HTTP ${status ?? 500}`;
    default:
      if (e.$fault) return `${e.name}: ${e.message}`;
      return status !== undefined ? `AWS answered HTTP ${status}` : `${e.name}: ${e.message}`;
  }
}

export function plainAwsError(error: unknown): PlainError {
  const e = asSdkError(error);
  const awsRequestId = e.$metadata?.requestId;
  const status = httpStatus(e);
  // An unmodelled answer (an HTML error page) is named by its status, not by the parser's error.
  const code = e.$fault || status === undefined ? (e.code ?? e.name) : `HTTP${status}`;
  const base = { code, ...(awsRequestId ? { awsRequestId } : {}) };
  switch (awsErrorKind(e)) {
    case 'throttling':
      return {
        ...base,
        message: 'AWS is throttling WorkSpaces requests right now, even after retries. Try again in a minute.',
      };
    case 'access-denied':
    case 'credentials':
    case 'not-offered':
      return {
        ...base,
        message: "The bot's AWS role is not allowed to do this; ask an admin to check its permissions.",
      };
    case 'server':
      return {
        ...base,
        message: `AWS answered HTTP ${status ?? 500}: WorkSpaces is not answering in this region right now. Try again in a few minutes.`,
      };
    case 'network':
      return {
        ...base,
        message: 'The bot could not reach AWS WorkSpaces in this region. Try again in a few minutes.',
      };
    default:
      return {
        ...base,
        message:
          e.$fault || status === undefined ? `AWS answered ${e.name}: ${e.message}` : `AWS answered HTTP ${status}`,
      };
  }
}
