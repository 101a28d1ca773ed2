/** Routes the public endpoint's requests (API Gateway HTTP API, payload 2.0) by method and path; anything else gets a plain 404 or 405 page. */
import { failedPage } from '../auth/pages';
import { type HttpHandler, PAGE_HEADERS } from './types';

export type Routes = Record<string, Partial<Record<'GET' | 'POST', HttpHandler>>>;

export function router(routes: Routes): HttpHandler {
  return async (event) => {
    const route = routes[event.rawPath];
    if (!route)
      return { statusCode: 404, headers: { ...PAGE_HEADERS }, body: failedPage('There is nothing at this address.') };
    const handler = route[event.requestContext.http.method as 'GET' | 'POST'];
    if (!handler) {
      return {
        statusCode: 405,
        headers: { ...PAGE_HEADERS, allow: Object.keys(route).join(', ') },
        body: failedPage('This address does not accept that kind of request.'),
      };
    }
    return handler(event);
  };
}
