/**
 * Routes are open: a config may define any route name, each stating the capabilities its models
 * need (`routes.<r>.needs`). The built-in routes keep theirs by default, so a config that only
 * lists models for `vision` still gets vision-capable models there.
 */
import type { Capability } from './catalog.js';
import type { RouteName } from './types.js';

/** The routes Herald's own features call. */
export const BUILTIN_ROUTES = ['brief', 'alert', 'ask', 'classify', 'embed', 'vision', 'transcribe'] as const;

const BUILTIN_NEEDS: Readonly<Record<string, readonly Capability[]>> = {
  vision: ['vision'],
  embed: ['embeddings'],
  transcribe: ['audio'],
};

/** What every model of `route` must support: the config's `needs`, else the built-in route's default, else nothing. */
export function routeNeeds(route: RouteName, configured: readonly Capability[] | undefined): readonly Capability[] {
  return configured ?? BUILTIN_NEEDS[route] ?? [];
}
