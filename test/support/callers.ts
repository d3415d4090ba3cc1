/** People signed in on a test app, an entity's API key and nobody, as the JSON API sees each of them. */
import type { TestApp } from './app';
import { Browser } from './browser';

/** Signs in one browser per person. */
export async function signInAll<P extends string>(t: TestApp, people: Record<P, string>, as: Record<P, Browser>): Promise<void> {
  for (const [name, email] of Object.entries(people) as Array<[P, string]>) {
    as[name] = new Browser(t.url);
    await as[name].signIn(email, t.mailbox);
  }
}

/** Calls the API as a signed-in person (cookie and CSRF header), with the API key, or anonymously. */
export function apiCaller<P extends string>(app: () => TestApp, as: Record<P, Browser>, apiKey: () => string) {
  return async (who: P | 'apiKey' | 'anonymous', method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    if (who === 'anonymous' || who === 'apiKey') {
      const res = await fetch(`${app().url}${path}`, {
        method,
        headers: { ...(who === 'apiKey' ? { authorization: `Bearer ${apiKey()}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: await res.json() };
    }
    return as[who].api(method, path, body);
  };
}
