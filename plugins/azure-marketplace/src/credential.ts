import { z } from 'zod';
import { GUID_PATTERN } from './constants.js';

/** A DNS name such as `contoso.onmicrosoft.com`: Entra accepts a verified domain in place of the tenant GUID. */
const DOMAIN_PATTERN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * The Azure credential: the Microsoft Entra app registration named in the offer's Partner Center
 * technical configuration. Only `clientSecret` is secret; the ids are shown to operators.
 */
export const ZAzureCredential = z.object({
  tenantId: z
    .string()
    .trim()
    .refine(
      (value) => GUID_PATTERN.test(value) || DOMAIN_PATTERN.test(value),
      'must be the Microsoft Entra tenant id (a GUID) or one of its domains, e.g. contoso.onmicrosoft.com',
    )
    .meta({
      title: 'Tenant ID',
      description:
        "The Microsoft Entra tenant (directory) id of the app registration in your offer's Partner Center technical configuration: a GUID, or a verified domain such as contoso.onmicrosoft.com.",
    }),
  clientId: z.string().trim().regex(GUID_PATTERN, 'must be the application (client) id, a GUID').meta({
    title: 'Application (client) ID',
    description:
      "The app registration's Application (client) ID, a GUID: the same one entered in the offer's technical configuration (Overview page of the app registration).",
  }),
  clientSecret: z.string().min(1, 'must not be empty').max(1024).meta({
    title: 'Client secret',
    description:
      "A client secret's value from the app registration (Certificates & secrets). Stored encrypted and never shown again; replace the credential before the secret expires.",
  }),
});

export type AzureCredential = z.output<typeof ZAzureCredential>;

export const AZURE_SECRET_FIELDS = ['clientSecret'] as const satisfies readonly (keyof AzureCredential)[];
