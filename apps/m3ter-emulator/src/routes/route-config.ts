/**
 * Typing for the per-route `config.m3terRoute` marker. Kept in its own file, which no public
 * declaration imports, so the augmentation of Fastify's types does not leak to consumers.
 */
import type { EmulatorRouteId } from './route-ids.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on every emulated m3ter route; admin routes leave it unset (no faults, no stats). */
    m3terRoute?: EmulatorRouteId;
  }
}
