/** An HTTP answer as the tests read it: status, parsed JSON body (undefined when empty), raw text and headers. */
export interface HttpAnswer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** One JSON request, as every integration and e2e test makes it (the one copy of this helper). */
export const httpCall = async (
  method: string,
  url: string,
  auth?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> => {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const answer = { status: response.status, body: text ? JSON.parse(text) : undefined } as HttpAnswer;
  // Not enumerable: an answer compares as { status, body } (a retry answered like the original, toEqual({ status, body })).
  Object.defineProperty(answer, 'text', { value: text, enumerable: false });
  Object.defineProperty(answer, 'headers', { value: response.headers, enumerable: false });
  return answer;
};

/** `httpCall` bound to a base URL known only once the server listens. */
export const httpClient =
  (base: () => string) =>
  (method: string, path: string, auth?: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer> =>
    httpCall(method, `${base()}${path}`, auth, body, headers);
