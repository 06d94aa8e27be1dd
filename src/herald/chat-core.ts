/**
 * Builds the chat core every transport shares — commands, access, buttons — from the parts:
 * briefs (with the model narrator when route `brief` is configured), subscriptions, alerts.
 */
import type { Config } from '../config.js';
import { createAskService } from '../ask/ask-service.js';
import { createChatAsk } from '../ask/chat-ask.js';
import { alertInteractions } from '../alerts/alert-interactions.js';
import { alertsPort } from '../alerts/alert-list.js';
import { buildBrief } from '../brief/brief-service.js';
import { createChatCore, type ChatCore } from '../chat/chat-commands.js';
import type { Store } from '../data/store.js';
import { createSubscriptionRepository } from '../delivery/subscriptions.js';
import type { Narrator } from '../insights/narrator.js';
import type { Logger } from '../log.js';
import type { Router } from '../router/router.js';
import { createOpsStatus } from '../monitor/ops-status.js';

export interface ChatCoreParts {
  config: Config;
  store: Store;
  logger: Logger;
  now: () => Date;
  narrator: Narrator | null;
  /** The model router, when any route has models: `/ask`, voice and photos use it. */
  router?: Router | null;
}

/** The chat core, and `close` for what Ask Herald opened (a read-only database pool, if configured). */
export function buildChatCore({ config, store, logger, now, narrator, router }: ChatCoreParts): ChatCore & { close(): Promise<void> } {
  const askService = createAskService({ config, store, router: router ?? null, logger, now });
  const core = createChatCore({
    config,
    store,
    logger,
    now,
    briefs: (options) => buildBrief({ store, config, narrator, now }, options),
    subscriptions: createSubscriptionRepository(store, { briefAt: config.schedule.briefAt, timeZone: config.timeZone }),
    alerts: alertsPort({ store, config }),
    ops: createOpsStatus({ store, config, now }),
    interactions: [alertInteractions({ store, config })],
    ask: createChatAsk({ service: askService, now }),
  });
  return { ...core, close: () => askService.close() };
}
