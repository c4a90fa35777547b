import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../../hub/scripts/openapi.js';

export const API_TYPES_FILE = new URL('../src/api/hub-api.d.ts', import.meta.url);

const HEADER = `// Generated from the hub's OpenAPI document by \`pnpm --filter @hub/console generate:api\`.
// Do not edit: src/api/hub-api.test.ts fails when this file no longer matches the hub's routes.
`;

/** The console's API types, rendered from the hub's routes as they are now. */
export async function renderApiTypes(): Promise<string> {
  const document = (await openApiDocument()) as Parameters<typeof openapiTS>[0];
  const ast = await openapiTS(document, { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}
