import type { MiddlewareHandler } from 'hono';
import { clip } from '../domain/text-rules.js';
import { AppError } from './errors.js';

const JSON_TYPE = /^application\/([a-z0-9.-]+\+)?json\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON body is read as UTF-8 and nothing else. Left to the request validator, a body declared
 * `charset=latin1` or holding bytes that are not UTF-8 is decoded with U+FFFD in place of each bad byte, so
 * "Müller" sent in Latin-1 is stored as "M�ller"; and `JSON.parse` keeps the last of two equal keys, where another
 * parser on the way (a proxy, a log reader) keeps the first, so `{"role":"advisor","role":"admin"}` reads as
 * whichever the reader chose. Each is refused, naming what to fix.
 */
export const jsonBody: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type');
  if (!type || !JSON_TYPE.test(type) || c.req.raw.body === null) return next();
  const charset = type.match(CHARSET)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new AppError('unsupported_media_type', `Send the body as application/json in UTF-8, not ${clip(charset, 40)}`);
  let text: string;
  try {
    text = utf8.decode(await c.req.arrayBuffer());
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    throw new AppError('invalid_request', 'Invalid body: (body): not UTF-8 text', {
      fields: [{ field: '(body)', message: 'not UTF-8 text' }],
    });
  }
  const key = duplicateKey(text);
  if (key !== undefined)
    throw new AppError('invalid_request', `Invalid body: ${key}: given more than once in one object`, {
      fields: [{ field: key, message: 'given more than once in one object' }],
    });
  // The route's validator knows the media type only without spaces around its `;` and with no empty parameter, which
  // HTTP allows ("application/json ; charset=utf-8", "application/json;"): once read as UTF-8 JSON here, it is
  // named plainly, so such a body is taken rather than refused with 415 as not JSON.
  c.req.raw.headers.set('content-type', 'application/json');
  await next();
};

/** The first key a JSON object repeats; undefined for JSON that is malformed (the validator names that). */
function duplicateKey(json: string): string | undefined {
  try {
    JSON.parse(json);
  } catch {
    return undefined;
  }
  // Valid JSON from here: every string ends at its first unescaped quote, and keys follow `{` or an object's `,`.
  const objects: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      const keys = objects[objects.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (keys.has(key)) return clip(key, 60);
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (ch === '{') {
      objects.push(new Set());
      expectKey = true;
    } else if (ch === '[') objects.push(null);
    else if (ch === '}' || ch === ']') objects.pop();
    else if (ch === ',') expectKey = objects[objects.length - 1] instanceof Set;
  }
  return undefined;
}
