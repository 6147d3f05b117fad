// The one rule for cutting people's text short (a summary, a title, a list's preview, an error's quote).
//
// `.slice(0, n)` counts UTF-16 code units, so it can cut an emoji or any character outside the Basic Multilingual
// Plane in half: the lone surrogate left behind is refused by PostgreSQL (jsonb, and text sent as JSON), and a visit's
// record written with it was lost. `clip` cuts between whole characters as people see them (grapheme clusters: an
// emoji with its skin tone, a flag, a letter with its accents), never inside one.
//
// Used in workflows/ too (an event's summary): graphemes are split with `Intl.Segmenter`, the same ICU data the
// workflow sandbox shares with Node for `Intl` everywhere. The clipped text is only ever an activity's input, which a
// replay does not compare, so a newer Unicode version on another worker changes no command.

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * `text` as it is when it has at most `max` UTF-16 code units (what `.length` and zod's `.max` count, never more
 * than PostgreSQL's characters), else its longest start of whole graphemes that fits in `max` with `more` (an
 * ellipsis) after it, its trailing spaces dropped. A single grapheme longer than `max` (a letter under hundreds of
 * combining marks) is cut between its code points, never inside a surrogate pair.
 */
export function clip(text: string, max: number, more = ''): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - more.length);
  // Only the start that can be kept is split: each step of a segmenter costs as much as its whole text (a 200 kB
  // drawn signature took 100 ms to clip in V8). Whether a grapheme ends at a place depends on what comes before it
  // and the one code point after it (at most two code units), so these boundaries are the whole text's.
  const head = text.slice(0, room + 2);
  let end = 0;
  for (const { segment } of graphemes.segment(head)) {
    if (end + segment.length > room) {
      if (end === 0) end = codePointsWithin(segment, room);
      break;
    }
    end += segment.length;
  }
  return `${text.slice(0, end).trimEnd()}${more}`;
}

/** How many code units of `text`'s start are whole code points within `room`. */
function codePointsWithin(text: string, room: number): number {
  let end = 0;
  for (const ch of text) {
    if (end + ch.length > room) break;
    end += ch.length;
  }
  return end;
}
