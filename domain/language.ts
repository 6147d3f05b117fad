import { z } from './zod.js';

// The languages the shop speaks to its staff and customers. Staff pick theirs on the screens; a customer's is on
// their file; whoever has none gets the first of their browser's choices we speak, else English.

export const LANGUAGES = ['en', 'zh-CN'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const DEFAULT_LANGUAGE: Language = 'en';

/** A language tag as a browser or a record writes it (`zh`, `zh-Hans-CN`, `en-US`) → one we speak, if any. */
export function languageOf(tag: string | null | undefined): Language | undefined {
  const t = tag?.trim().toLowerCase();
  if (!t) return undefined;
  if (t === 'zh' || t.startsWith('zh-cn') || t.startsWith('zh-hans') || t.startsWith('zh-sg')) return 'zh-CN';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return undefined;
}

/** The first language of an `Accept-Language` header we speak, by the browser's own weights. */
export function fromAcceptLanguage(header: string | null | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag ?? '', q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    const lang = languageOf(r.tag);
    if (lang) return lang;
  }
  return undefined;
}

/** The currency of the shop's amounts (integer cents everywhere): screens and messages write it in the reader's locale. */
export const SHOP_CURRENCY = 'EUR';
