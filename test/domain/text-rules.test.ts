import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { renderMessage } from '../../activities/message-templates.js';
import { clip } from '../../domain/text-rules.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('clip: text cut short between whole characters', () => {
  it('keeps text that fits as it is', () => {
    expect(clip('Brakes', 6)).toBe('Brakes');
    expect(clip('', 0, '…')).toBe('');
  });

  it('never keeps half of an emoji at the cut', () => {
    const text = `${'a'.repeat(139)}\u{1F527} and more`;
    expect(text.slice(0, 140)).toMatch(LONE_SURROGATE);
    expect(clip(text, 140)).toBe('a'.repeat(139));
    expect(clip(text, 141, '…')).toBe(`${'a'.repeat(139)}…`);
    expect(clip(text, 142, '…')).toBe(`${'a'.repeat(139)}\u{1F527}…`);
  });

  it('keeps a grapheme whole: a flag, an emoji with its skin tone, a family, an accented letter', () => {
    expect(clip('ab\u{1F1F5}\u{1F1F9}cd', 4)).toBe('ab');
    expect(clip('ab\u{1F44D}\u{1F3FD}cd', 5)).toBe('ab');
    expect(clip('a\u{1F468}\u200D\u{1F469}\u200D\u{1F467}b', 6)).toBe('a');
    expect(clip('cafe\u0301 noir', 4)).toBe('caf');
  });

  it('cuts a grapheme longer than the room between its code points', () => {
    const zalgo = `\u{1D400}${'\u0301'.repeat(50)}`;
    expect(clip(zalgo, 1)).toBe('');
    expect(clip(zalgo, 3)).toBe('\u{1D400}\u0301');
  });

  it('answers well-formed text of at most max code units, a start of the original, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(80), (text, max) => {
        const out = clip(text, max, '…');
        expect(out).not.toMatch(LONE_SURROGATE);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, text.length <= max ? 0 : 1));
        if (text.length <= max) expect(out).toBe(text);
        else expect(text.startsWith(out.slice(0, -1))).toBe(true);
      }),
    );
  });
});

describe('clip on long text', () => {
  it('splits only the start it can keep: a 200 kB drawn signature is not read whole', () => {
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    try {
      const image = `data:image/png;base64,${'A'.repeat(199_000)}`;
      expect(clip(image, 201, '…')).toBe(`${image.slice(0, 200)}…`);
      const split = segment.mock.calls.map(([text]) => text.length);
      expect(split.length).toBeGreaterThan(0);
      expect(Math.max(...split)).toBeLessThanOrEqual(202);
    } finally {
      segment.mockRestore();
    }
  });

  it('cuts where the whole text has a grapheme boundary, whatever follows the cut', () => {
    const whole = new Intl.Segmenter('en', { granularity: 'grapheme' });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), fc.nat(80), (text, max) => {
        const out = clip(text, max);
        const kept = [...whole.segment(text)].map((g) => g.segment);
        // The start counts: a cut that keeps only white space is trimmed to nothing ("  " in room for one).
        const boundaries = [0, ...kept.map((_, i) => kept.slice(0, i + 1).join('').length)];
        // (A first grapheme longer than the room is cut between its code points, as above.)
        if (text.length > max && (kept[0]?.length ?? 0) <= max) expect(boundaries).toContain(out.length);
      }),
    );
  });
});

describe("the customer's message quoting the technician's finding", () => {
  it('cuts the quote between whole characters: a flag at the cut is left out whole, not halved', () => {
    // 119 units then a flag (two regional indicators, four units): the cut at 120 fell inside it.
    const reason = `${'Brake pads worn, discs scored. '.repeat(4).slice(0, 119)}\u{1F1E9}\u{1F1EA} parts from Germany`;
    const { text } = renderMessage('additional_work_found', {
      reason,
      lines: 1,
      addedCents: 10_000,
      promisedAt: '2026-12-04T15:00:00Z',
    });
    const quoted = /“([^”]*)”/.exec(text)?.[1] ?? '';
    expect(quoted).toBe(`${reason.slice(0, 119).trimEnd()}…`);
    expect(quoted).not.toMatch(/[\u{1F1E6}-\u{1F1FF}]/u);
  });
});
