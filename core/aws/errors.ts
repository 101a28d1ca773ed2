/** AWS errors in plain words, for the person who asked and for the audit trail. */

export interface PlainError {
  code: string;
  message: string;
  awsRequestId?: string;
}

const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']);

export function isThrottling(error: unknown): boolean {
  return error instanceof Error && (THROTTLED.has(error.name) || /rate exceeded/i.test(error.message));
}

export function plainAwsError(error: unknown): PlainError {
  type AwsError = Error & { $metadata?: { requestId?: string } };
  const e: AwsError = error instanceof Error ? error : new Error(String(error));
  const awsRequestId = e.$metadata?.requestId;
  const base = { code: e.name, ...(awsRequestId ? { awsRequestId } : {}) };
  if (isThrottling(e)) {
    return {
      ...base,
      message: 'AWS is throttling WorkSpaces requests right now, even after retries. Try again in a minute.',
    };
  }
  if (e.name === 'AccessDeniedException' || e.name === 'UnrecognizedClientException') {
    return { ...base, message: "The bot's AWS role is not allowed to do this; ask an admin to check its permissions." };
  }
  if (e.name === 'ServiceUnavailableException' || e.name === 'InternalFailure' || e.name === 'InternalServerError') {
    return {
      ...base,
      message: 'AWS WorkSpaces is not answering in this region right now. Try again in a few minutes.',
    };
  }
  return { ...base, message: `AWS answered ${e.name}: ${e.message}` };
}
