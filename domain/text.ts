import { NEW_INPUT_ONLY } from './input-rules.js';
import { z } from './zod.js';

// The one text type for every string the outside sends (bodies, query and path parameters, approval payloads,
// token claims). PostgreSQL cannot store NUL in text nor a lone UTF-16 surrogate in jsonb, and control
// characters are never meant: a value is refused at the door, with the field named, instead of failing a
// record write inside a workflow after it entered the history.

// C0 and C1 control characters and DEL; tab, line feed and carriage return are allowed in multi-line text only, and
// so are the Unicode line and paragraph separators (U+2028, U+2029), which break a line on a screen, a paper or a
// message as a line feed does: a name or a plate holding one reads as two lines, and the desk's search never finds it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why the value cannot be stored, in words, or undefined when it can. */
export function unstorableText(value: string, multiline = false): string | undefined {
  const control = (multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).exec(value);
  if (control)
    return multiline
      ? `must not contain control characters (found ${codePoint(control[0])}); only line breaks and tabs are allowed`
      : `must be one line without control characters (found ${codePoint(control[0])})`;
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (found a lone surrogate)';
  return undefined;
}

/** A refinement that refuses a value for the problem `problemOf` finds in it, in words. */
const refusing = (problemOf: (value: string) => string | undefined) => (value: string, ctx: z.core.$RefinementCtx<string>) => {
  const problem = problemOf(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
};

const storable = (multiline: boolean) => refusing((value) => unstorableText(value, multiline));

/** A plain one-line string of at most `max` characters that the records can store, taken as it is (token claims). */
export const storableString = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).superRefine(storable(false), NEW_INPUT_ONLY);

// Bidirectional embeddings, overrides and isolates reorder how the text around them reads on a screen or a paper (a
// plate shown backwards, a name that hides another); nobody types them into a name, a plate or a note.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
// Only format characters (zero-width spaces, joiners, marks) and spaces: the value shows as nothing.
const INVISIBLE = /^[\p{Cf}\s]*$/u;

/** What people would read wrongly: bidirectional controls, or nothing visible at all. */
function unreadableText(value: string): string | undefined {
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) return `must not contain bidirectional control characters (found ${codePoint(bidi[0])})`;
  if (INVISIBLE.test(value)) return 'must not be empty (it has no visible character)';
  return undefined;
}

/** As `storable`, and readable by people. */
const readable = (multiline: boolean) => refusing((value) => unstorableText(value, multiline) ?? unreadableText(value));

const trimmedText = (max: number, multiline: boolean) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine(readable(multiline), NEW_INPUT_ONLY);

/** One line of text (a name, an id, a reference): trimmed, not empty, at most `max` characters. */
export const text = (max: number) => trimmedText(max, false);

/** Free text that may run over several lines (notes, findings, descriptions): as `text`, line breaks and tabs allowed. */
export const multilineText = (max: number) => trimmedText(max, true);

/**
 * A whole number sent as text (a query parameter): decimal digits only. `z.coerce.number()` reads with `Number`,
 * which takes "0x10" as 16, " 10" as 10, "1e2" as 100 and an empty `?limit=` as 0; such a value is refused instead.
 */
export const wholeNumberText = (min: number, max: number) => {
  const expected = `a whole number from ${min} to ${max}`;
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v),
    z.number({ error: expected }).int({ error: expected }).min(min, { error: expected }).max(max, { error: expected }),
  );
};
