import { AsyncLocalStorage } from 'node:async_hooks';
import i18next from 'i18next';
import { type Currency, DEFAULT_CURRENCY, DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../domain/language.js';
import { type Catalogue, en } from './en.js';
import { zhCN } from './zh-CN.js';

// Every string a screen shows comes from one catalogue per language (en.ts, zh-CN.ts), looked up through i18next.
// zh-CN.ts is typed by en.ts, so a key missing in one is a compile error; `Key` is every leaf path, so `t()` with a
// key that does not exist is one too. The request's language is held for the render (one request, one language),
// so the formatters and labels in web/format.ts need no language argument.

export const CATALOGUES: Record<Language, Catalogue> = { en, 'zh-CN': zhCN };

/** A plural's forms (`calls_one`, `calls_other`) are one key to callers: i18next picks the form by `count`. */
type Plural<K extends string> = K extends `${infer Base}_${'one' | 'other'}` ? Base : K;
/** Every leaf of the catalogue as a dot path: `stage.booked`, `nav.board`… */
type Paths<T> = { [K in keyof T & string]: T[K] extends string ? Plural<K> : `${K}.${Paths<T[K]>}` }[keyof T & string];
export type Key = Paths<Catalogue>;

/** What i18next shows for a key it cannot find: the tests look for it on every screen. */
export const MISSING = '⟦missing⟧';

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: CATALOGUES[l] }])),
  lng: DEFAULT_LANGUAGE,
  fallbackLng: false,
  supportedLngs: [...LANGUAGES],
  // Hono JSX escapes what it prints; escaping here too would show `&amp;`.
  interpolation: { escapeValue: false },
  returnNull: false,
  returnEmptyString: false,
  parseMissingKeyHandler: () => MISSING,
});

/** Our own `Key` type checks the keys; i18next only looks them up. */
type Translate = (key: string, vars?: Record<string, unknown>) => string;
const fixed = Object.fromEntries(LANGUAGES.map((l) => [l, i18n.getFixedT(l) as unknown as Translate])) as Record<
  Language,
  Translate
>;

const current = new AsyncLocalStorage<{ language: Language; currency: Currency }>();

/** Renders `render` (and everything it awaits) in `language`, amounts in the shop's `currency`. */
export const inLanguage = <T>(language: Language, render: () => T, currency: Currency = DEFAULT_CURRENCY): T =>
  current.run({ language, currency }, render);

/** The language of the page being drawn; English outside a request. */
export const language = (): Language => current.getStore()?.language ?? DEFAULT_LANGUAGE;

/** The shop's currency (the `SHOP_CURRENCY` setting) for the page being drawn. */
export const currency = (): Currency => current.getStore()?.currency ?? DEFAULT_CURRENCY;

/** The BCP 47 locale `Intl` formats with: British English keeps day-month order and the 24-hour clock. */
export const LOCALE: Record<Language, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };
export const locale = () => LOCALE[language()];

/** The text for `key` in the page's language, with `{{name}}` placeholders filled from `vars`. */
export const t = (key: Key, vars?: Record<string, unknown>): string => fixed[language()](key, vars);

/** The same text in a given language, for what is not drawn for the current request (messages, tests). */
export const tIn = (lang: Language, key: Key, vars?: Record<string, unknown>): string => fixed[lang](key, vars);

/** Every key of a catalogue, for the test that compares them. */
export function keysOf(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v as object, `${prefix}${k}.`),
  );
}

/** Whether the catalogue has `key` (for codes read from records, which may be newer than the screens). */
export const hasKey = (key: string): key is Key => i18n.exists(key, { lng: DEFAULT_LANGUAGE });
