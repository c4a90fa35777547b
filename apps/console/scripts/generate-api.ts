// Regenerates src/api/hub-api.d.ts from the hub's routes (no database or Redis needed).
import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, renderApiTypes } from './api-types.js';

writeFileSync(API_TYPES_FILE, await renderApiTypes());
console.log(`wrote ${API_TYPES_FILE.pathname}`);
