import { randomBytes, randomUUID } from 'node:crypto';

/** The parts of an OpenAPI 3 schema object the sample builder understands; anything else is ignored. */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  example?: unknown;
  examples?: unknown[] | Record<string, unknown>;
  default?: unknown;
  nullable?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, SchemaObject>; securitySchemes?: Record<string, unknown> };
  security?: Array<Record<string, string[]>>;
}

export interface SampleOptions {
  /**
   * An id of the other tenant for a uuid property or parameter named like `meetingId` / `meetingIds`,
   * or undefined to fall back to a fresh uuid. Referencing the other tenant's objects from a request
   * body is itself a cross-tenant probe, which is why the walker supplies this.
   */
  foreignId?: (name: string) => string | undefined;
}

const MAX_DEPTH = 12;

/** Follows `$ref`s (local ones only, which is all @nestjs/swagger emits) and merges `allOf`. */
export function resolveSchema(document: OpenApiDocument, schema: SchemaObject | undefined, depth = 0): SchemaObject {
  if (!schema) return {};
  if (depth > MAX_DEPTH) throw new Error(`$ref chain deeper than ${MAX_DEPTH}: ${JSON.stringify(schema)}`);
  if (schema.$ref) {
    const match = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
    const target = match && document.components?.schemas?.[decodeURIComponent(match[1])];
    if (!target) throw new Error(`cannot resolve ${schema.$ref} in the OpenAPI document`);
    // Sibling keywords next to a $ref (OpenAPI 3.1 allows them, e.g. a description or example) win over the target's.
    const { $ref: _ref, ...siblings } = schema;
    return resolveSchema(document, { ...target, ...siblings }, depth + 1);
  }
  if (schema.allOf?.length) {
    const { allOf, ...rest } = schema;
    return allOf
      .map((part) => resolveSchema(document, part, depth + 1))
      .reduce<SchemaObject>(
        (merged, part) => ({
          ...merged,
          ...part,
          properties: { ...merged.properties, ...part.properties },
          required: [...new Set([...(merged.required ?? []), ...(part.required ?? [])])],
        }),
        rest,
      );
  }
  return schema;
}

/** Whether a property or parameter name reads as a reference to another object (`userId`, `meeting_ids`). */
export function isIdName(name: string): boolean {
  return /(^id|Id|_id|Ids|_ids)$/.test(name);
}

function typeOf(schema: SchemaObject): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type) return type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function firstExample(schema: SchemaObject): { found: boolean; value?: unknown } {
  const value =
    schema.example !== undefined
      ? schema.example
      : Array.isArray(schema.examples) && schema.examples.length
        ? schema.examples[0]
        : undefined;
  // Examples are prose for humans and sometimes abbreviated ("kq3…"); one that breaks the schema's own limits is no sample.
  if (value === undefined || !fitsSchema(schema, value)) return { found: false };
  return { found: true, value };
}

function fitsSchema(schema: SchemaObject, value: unknown): boolean {
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return false;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) return false;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
  }
  return true;
}

function fitLength(text: string, schema: SchemaObject): string {
  let value = text;
  while (value.length < (schema.minLength ?? 0)) value += text;
  return schema.maxLength === undefined ? value : value.slice(0, Math.max(schema.maxLength, 0));
}

/** A few plain shapes tried against a `pattern` when the schema gives no example; the first that matches wins. */
const PATTERN_CANDIDATES = [
  'sample',
  'sample_value',
  'sample.value',
  'sample-value',
  'SAMPLE',
  'Sample',
  'a',
  '1',
  'sample1',
  'sample@example.com',
  'https://example.com/sample',
];

function sampleString(schema: SchemaObject, name: string, options: SampleOptions, index: number): string {
  switch (schema.format) {
    case 'uuid':
      return (isIdName(name) ? options.foreignId?.(name) : undefined) ?? randomUUID();
    case 'date-time':
      return new Date().toISOString();
    case 'date':
      return new Date().toISOString().slice(0, 10);
    case 'time':
      return '12:00:00';
    case 'uri':
    case 'url':
      return 'https://example.com/sample';
    case 'ipv4':
      return '203.0.113.7';
    case 'ipv6':
      return '2001:db8::7';
    case 'byte':
      return Buffer.from('sample').toString('base64');
    default:
      // Any other format (or none): a plain string, fitted to the pattern and length below.
      break;
  }
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    const candidate = PATTERN_CANDIDATES.map((c) => fitLength(c, schema)).find((c) => pattern.test(c));
    if (candidate) return candidate;
  }
  return fitLength(index ? `sample${index}` : 'sample', schema);
}

function sampleNumber(schema: SchemaObject, integer: boolean): number {
  const exclusiveMin =
    typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : schema.exclusiveMinimum === true ? schema.minimum : undefined;
  const exclusiveMax =
    typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : schema.exclusiveMaximum === true ? schema.maximum : undefined;
  let value = exclusiveMin !== undefined ? exclusiveMin + (integer ? 1 : 0.5) : (schema.minimum ?? 1);
  const max = exclusiveMax !== undefined ? exclusiveMax - (integer ? 1 : 0.5) : schema.maximum;
  if (max !== undefined && value > max) value = max;
  if (schema.multipleOf) value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return integer ? Math.ceil(value) : value;
}

/**
 * A value that should pass the server's validation for `schema`: the example when the
 * schema has one, else the first enum member, else something plausible for the type
 * and format. `name` is the property or parameter name (it decides whether a uuid is
 * a reference to take from the other tenant). Identifiers and email addresses are
 * always generated afresh, even when an example exists: examples are shared by every
 * request, and a repeated "unique" value would be answered 409 instead of what we probe.
 */
export function sampleValue(
  document: OpenApiDocument,
  raw: SchemaObject | undefined,
  name = '',
  options: SampleOptions = {},
  depth = 0,
  index = 0,
): unknown {
  if (depth > MAX_DEPTH) return undefined;
  const schema = resolveSchema(document, raw);
  if (schema.const !== undefined) return schema.const;
  const choice = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (choice) return sampleValue(document, choice, name, options, depth + 1, index);
  const type = typeOf(schema);
  const example = firstExample(schema);
  // @nestjs/swagger rarely emits `format: email`; an email-looking example or name says the same.
  const email =
    type === 'string' &&
    (schema.format === 'email' ||
      /e-?mail$/i.test(name) ||
      (typeof example.value === 'string' && /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(example.value)));
  if (email) return `sample-${randomBytes(4).toString('hex')}@example.com`;
  if (example.found && !(type === 'string' && schema.format === 'uuid')) return example.value;
  if (schema.enum?.length) return schema.enum[Math.min(index, schema.enum.length - 1)];
  switch (type) {
    case 'string':
      return sampleString(schema, name, options, index);
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return true;
    case 'array': {
      const count = Math.min(Math.max(1, schema.minItems ?? 0), schema.maxItems ?? Number.POSITIVE_INFINITY);
      // Items of an `fooIds` array are `fooId`s: each should reference the other tenant too.
      const itemName = name.replace(/(I|_i)ds$/, (m) => m.slice(0, -1));
      return Array.from({ length: count }, (_, i) => sampleValue(document, schema.items, itemName, options, depth + 1, i));
    }
    case 'object':
    default:
      return sampleObject(document, schema, options, depth);
  }
}

function sampleObject(document: OpenApiDocument, schema: SchemaObject, options: SampleOptions, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) {
    // Optional properties are left out unless documented with an example: optional fields
    // often exclude each other, and a rejected body would hide what the request probes.
    if (!required.has(property) && !firstExample(resolveSchema(document, propertySchema)).found) continue;
    const value = sampleValue(document, propertySchema, property, options, depth + 1);
    if (value !== undefined) result[property] = value;
  }
  return result;
}
