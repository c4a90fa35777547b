import { z } from 'zod';
import type { MarketplaceAdapter, MetadataFieldSpec } from './marketplace-adapter.js';

/**
 * What an operator's UI needs to know about one destination to offer it without knowing it: the
 * credential's fields (which are secret, which required), the mapping tables and the metadata an
 * account mapping carries, and the destination's limits. Plain data, no secret values: it is served
 * as is by `GET /v1/destinations`.
 */
export interface DestinationDescription {
  id: string;
  displayName: string;
  externalSystem: string;
  credential: { fields: CredentialFieldDescription[] };
  mappings: {
    account: {
      externalTable: string;
      description: string;
      metadataFields: MetadataFieldDescription[];
    };
    dimension: { externalTable: string; description: string };
  };
  limits: {
    maxBatchSize: number;
    acceptanceWindowMs: number;
    slotLengthMs: number | null;
    fractionalQuantities: boolean;
    maxQuantityDecimalPlaces: number;
    /** Decimal string, or `null` when the destination sets no limit. */
    maxEventQuantity: string | null;
  };
  /** True when the adapter brings its own prerequisite checks (else core's standard ones run). */
  prerequisites: boolean;
}

export interface CredentialFieldDescription {
  /** The field's name in the credential body. */
  name: string;
  label: string;
  description: string | null;
  /** Write-only: stored encrypted, never returned (the adapter's `credential.secretFields`). */
  secret: boolean;
  required: boolean;
}

export interface MetadataFieldDescription {
  name: string;
  label: string;
  description: string | null;
  required: boolean;
}

/** Words a label spells in capitals. */
const ACRONYMS = new Set(['id', 'arn', 'url', 'uri', 'api', 'sts', 'iam', 'ip']);

/**
 * A label made from a field name: `clientSecret` → "Client secret", `tenantId` → "Tenant ID",
 * `role_arn` → "Role ARN".
 */
export function labelFromFieldName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter((word) => word !== '')
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()));
  if (words.length === 0) return name;
  const [first, ...rest] = words as [string, ...string[]];
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}

interface JsonSchemaObject {
  properties?: Record<string, { title?: unknown; description?: unknown } | boolean>;
  required?: unknown;
}

/**
 * The fields of a credential schema, in declaration order, from its JSON Schema (zod 4's
 * `toJSONSchema`, input side): `required` from the schema, label and description from the field's
 * `.meta({ title, description })` when given. A schema that is not an object (or that zod cannot
 * express) has no fields to describe.
 */
export function describeCredentialFields(
  schema: z.ZodType,
  secretFields: readonly string[],
): CredentialFieldDescription[] {
  let json: JsonSchemaObject;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaObject;
  } catch {
    return [];
  }
  const required = new Set(Array.isArray(json.required) ? json.required.map(String) : []);
  const secret = new Set(secretFields);
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const meta = typeof property === 'object' ? property : {};
    return {
      name,
      label: typeof meta.title === 'string' && meta.title !== '' ? meta.title : labelFromFieldName(name),
      description: typeof meta.description === 'string' && meta.description !== '' ? meta.description : null,
      secret: secret.has(name),
      required: required.has(name),
    };
  });
}

function describeMetadataField(field: MetadataFieldSpec): MetadataFieldDescription {
  return {
    name: field.name,
    label: field.label ?? labelFromFieldName(field.name),
    description: field.description ?? null,
    required: field.required ?? false,
  };
}

/** The description of one adapter, as `GET /v1/destinations` serves it. */
export function describeAdapter<TCredential extends Record<string, unknown>>(
  adapter: MarketplaceAdapter<TCredential>,
): DestinationDescription {
  const { account, dimension } = adapter.mappings;
  return {
    id: adapter.id,
    displayName: adapter.displayName,
    externalSystem: adapter.externalSystem,
    credential: {
      fields: describeCredentialFields(adapter.credential.schema, adapter.credential.secretFields),
    },
    mappings: {
      account: {
        externalTable: account.externalTable,
        description: account.description,
        metadataFields: (account.metadataFields ?? []).map(describeMetadataField),
      },
      dimension: { externalTable: dimension.externalTable, description: dimension.description },
    },
    limits: {
      maxBatchSize: adapter.limits.maxBatchSize,
      acceptanceWindowMs: adapter.limits.acceptanceWindowMs,
      slotLengthMs: adapter.limits.slotLengthMs,
      fractionalQuantities: adapter.limits.fractionalQuantities,
      maxQuantityDecimalPlaces: adapter.limits.maxQuantityDecimalPlaces,
      maxEventQuantity: adapter.limits.maxEventQuantity ?? null,
    },
    prerequisites: adapter.prerequisites !== undefined,
  };
}
