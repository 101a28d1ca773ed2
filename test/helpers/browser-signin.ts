/** A sign-in followed as a browser follows it: the bot's start page, the provider's page, the choice, the callback. */

export interface Fetched {
  status: number;
  location: string;
  body: string;
  headers: Headers;
}

export async function get(url: string): Promise<Fetched> {
  const response = await fetch(url, { redirect: 'manual' });
  return {
    status: response.status,
    location: response.headers.get('location') ?? '',
    body: await response.text(),
    headers: response.headers,
  };
}

/** Follows the sign-in from the bot's start URL, choosing `person` (or Deny) on the provider's page. */
export async function signInThroughBrowser(providerUrl: string, startUrl: string, person: string | 'deny') {
  const start = await get(startUrl);
  expect(start.status).toBe(302);
  const page = await get(start.location);
  expect(page.status).toBe(200);
  const requestId = /name="request" value="([^"]+)"/.exec(page.body)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1];
  const choice = await fetch(new URL(action!, providerUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId!, ...(person === 'deny' ? { deny: 'deny' } : { person }) }),
  });
  expect(choice.status).toBe(302);
  const callback = choice.headers.get('location')!;
  return { start, callback, result: await get(callback) };
}
