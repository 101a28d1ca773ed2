/**
 * The sign-in's two routes. GET /auth/start?state=... sends the browser to the hosted UI; GET
 * /auth/callback finishes the sign-in and shows a page saying what happened.
 */
import { roleLabel } from '../../core/auth/describe';
import { authorizeUrl, completeSignin, type SigninDeps, SigninError } from '../../core/auth/signin';
import { type HttpEvent, type HttpResult, PAGE_HEADERS } from '../http/types';
import { signinFailedOnOurSide, signinRefused } from '../views/signin';
import { linkedPage, refusedPage } from './pages';

function html(statusCode: number, body: string): HttpResult {
  return { statusCode, headers: { ...PAGE_HEADERS }, body };
}

function failure(deps: SigninDeps, error: unknown): HttpResult {
  if (error instanceof SigninError) {
    // The reason and its cause, never the token or the code.
    deps.log.warn('Sign-in refused', {
      reason: error.reason,
      cause: error.cause instanceof Error ? error.cause.message : undefined,
    });
    return html(
      error.reason === 'STATE_UNKNOWN' ? 410 : 403,
      refusedPage(signinRefused(error.reason, error.facts), error.facts.platform),
    );
  }
  deps.log.error('Sign-in failed', { error: error instanceof Error ? error.message : String(error) });
  return html(500, refusedPage(signinFailedOnOurSide(), undefined));
}

export async function startRoute(deps: SigninDeps, event: HttpEvent): Promise<HttpResult> {
  try {
    const location = await authorizeUrl(deps, event.queryStringParameters?.state);
    return { statusCode: 302, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } };
  } catch (error) {
    return failure(deps, error);
  }
}

export async function callbackRoute(deps: SigninDeps, event: HttpEvent): Promise<HttpResult> {
  const query = event.queryStringParameters ?? {};
  try {
    const link = await completeSignin(deps, {
      state: query.state,
      code: query.code,
      error: query.error,
      errorDescription: query.error_description,
    });
    return html(200, linkedPage(link.adUserName, roleLabel(link.roles)));
  } catch (error) {
    return failure(deps, error);
  }
}
