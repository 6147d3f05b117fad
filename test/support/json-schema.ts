// The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that the API's own document is written in: enough to
// hold an answer to the schema its operation documents, and to draw values a schema accepts. Installing a full
// validator for a test is not worth a dependency; a keyword the document starts using and this does not know fails
// the check loudly instead of passing silently.

import fc from 'fast-check';

// biome-ignore lint/suspicious/noExplicitAny: a JSON Schema is probed keyword by keyword
export type Schema = any;

const KNOWN = new Set([
  ...['$ref', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'oneOf'],
  ...['allOf', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern'],
  ...['format', 'description', 'default', 'example', 'examples', 'title', 'deprecated', 'readOnly', 'propertyNames'],
]);

const typeOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : (typeof v as string);

export class SchemaCheck {
  constructor(private readonly components: Record<string, Schema>) {}

  resolve(schema: Schema): Schema {
    let s = schema;
    while (s?.$ref) s = this.components[s.$ref.split('/').pop()];
    return s ?? {};
  }

  /** What is wrong with `value` under `schema`, as `path: problem` lines; empty when it conforms. */
  errors(schemaIn: Schema, value: unknown, path = '$'): string[] {
    const s = this.resolve(schemaIn);
    const unknown = Object.keys(s).filter((k) => !KNOWN.has(k));
    if (unknown.length > 0) return [`${path}: the check does not know ${unknown.join(', ')}`];
    const out: string[] = [];
    const branches = s.anyOf ?? s.oneOf;
    if (branches && !branches.some((b: Schema) => this.errors(b, value, path).length === 0))
      out.push(`${path}: matches none of ${branches.length} alternatives`);
    for (const part of s.allOf ?? []) out.push(...this.errors(part, value, path));
    if (s.const !== undefined && value !== s.const) out.push(`${path}: expected ${JSON.stringify(s.const)}`);
    if (s.enum && !s.enum.includes(value)) out.push(`${path}: ${JSON.stringify(value)} not in the enum`);
    if (s.type !== undefined) {
      const types: string[] = [s.type].flat();
      const actual = typeOf(value);
      if (!types.includes(actual) && !(actual === 'integer' && types.includes('number')))
        return [...out, `${path}: expected ${types.join('|')}, got ${actual}`];
    }
    if (typeof value === 'string') {
      if (s.minLength !== undefined && [...value].length < s.minLength) out.push(`${path}: shorter than ${s.minLength}`);
      if (s.maxLength !== undefined && [...value].length > s.maxLength) out.push(`${path}: longer than ${s.maxLength}`);
      if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) out.push(`${path}: does not match ${s.pattern}`);
      if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) out.push(`${path}: not a date-time`);
      if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) out.push(`${path}: not a date`);
    }
    if (typeof value === 'number') {
      if (s.minimum !== undefined && value < s.minimum) out.push(`${path}: below ${s.minimum}`);
      if (s.maximum !== undefined && value > s.maximum) out.push(`${path}: above ${s.maximum}`);
      if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) out.push(`${path}: not above ${s.exclusiveMinimum}`);
    }
    if (Array.isArray(value)) {
      if (s.minItems !== undefined && value.length < s.minItems) out.push(`${path}: fewer than ${s.minItems} items`);
      if (s.maxItems !== undefined && value.length > s.maxItems) out.push(`${path}: more than ${s.maxItems} items`);
      if (s.items) for (const [i, v] of value.entries()) out.push(...this.errors(s.items, v, `${path}[${i}]`));
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      for (const key of s.required ?? []) if (!(key in record)) out.push(`${path}.${key}: required but absent`);
      for (const [key, v] of Object.entries(record)) {
        const declared = s.properties?.[key];
        if (declared) out.push(...this.errors(declared, v, `${path}.${key}`));
        else if (s.additionalProperties === false) out.push(`${path}.${key}: not in the schema`);
        else if (typeof s.additionalProperties === 'object')
          out.push(...this.errors(s.additionalProperties, v, `${path}.${key}`));
      }
    }
    return out;
  }

  /** Values the schema accepts, drawn the way a careful client writes them. */
  arbitrary(schemaIn: Schema, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schemaIn);
    const branches = s.anyOf ?? s.oneOf;
    if (branches) return fc.oneof(...branches.map((b: Schema) => this.arbitrary(b, depth)));
    if (s.allOf) return this.arbitrary(s.allOf[0], depth);
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    const type = [s.type].flat().find((t) => t !== 'null') ?? (s.properties ? 'object' : 'string');
    if (type === 'object') {
      const props = Object.entries<Schema>(s.properties ?? {});
      if (depth > 5) return fc.constant({});
      return fc.record(Object.fromEntries(props.map(([k, v]) => [k, this.arbitrary(v, depth + 1)])), {
        requiredKeys: props.map(([k]) => k).filter((k) => (s.required ?? []).includes(k)),
      });
    }
    if (type === 'array') {
      const min = s.minItems ?? 0;
      return fc.array(this.arbitrary(s.items ?? {}, depth + 1), {
        minLength: min,
        maxLength: Math.max(min, Math.min(s.maxItems ?? 2, 2)),
      });
    }
    if (type === 'boolean') return fc.boolean();
    if (type === 'integer' || type === 'number') {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const max = Math.min(s.maximum ?? min + 1000, min + 1_000_000);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    const HOUR = 3_600_000;
    if (s.format === 'date-time')
      return fc.integer({ min: 1, max: 72 }).map((h) => new Date(Date.now() + h * HOUR).toISOString());
    if (s.format === 'date')
      return fc.integer({ min: 0, max: 30 }).map((d) => new Date(Date.now() + d * 24 * HOUR).toISOString().slice(0, 10));
    if (s.format === 'uuid') return fc.uuid({ version: 4 });
    if (s.format === 'email') return fc.constant('ana@example.com');
    if (s.format === 'uri') return fc.constant('https://example.com/a');
    const max = s.maxLength ?? 40;
    if (s.pattern)
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= max);
    if (s.example !== undefined && typeof s.example === 'string') return fc.constant(s.example);
    return fc.constantFrom('Ana Pereira', 'Front brake pads', 'Müller & Söhne').map((v) => v.slice(0, max));
  }
}
