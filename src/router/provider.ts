/**
 * The provider seam: a provider serves models by id behind the separate `ChatModel`,
 * `EmbeddingModel` and `TranscriptionModel` interfaces (`chat-model.ts`), the way the AI SDK's
 * `ProviderV2` hands out language and embedding models. It implements only the operations it
 * serves; the router never learns what is behind it.
 *
 * The registry is keyed by the config's `providers` names (a model's `provider`). How it finds a
 * model's provider:
 *  1. an injected instance under the provider's name (`createRouter({ providers: { replay } })`):
 *     the lab's replay provider, an in-process provider in a test;
 *  2. else a factory registered under the provider's name as its *kind*
 *     (`createRouter({ providerKinds: { replay: (endpoint) => … } })`), built once from the
 *     config's endpoint for that name;
 *  3. else the built-in `openai` kind: every OpenAI-compatible endpoint through the `openai` SDK.
 *
 * A model can do what its catalog/config capabilities say AND what its provider implements: a
 * model whose provider has no `embeddingModel` is never planned for an embedding call (the router
 * skips it like a model without the `embeddings` capability).
 */
import type { ChatModel, EmbeddingModel, TranscriptionModel } from './chat-model.js';
import type { ResolvedModel, ResolvedProvider } from './catalog.js';
import { createOpenAIClient, createOpenAIModel, type OpenAIModel } from './openai-model.js';

/** A provider: each method hands out one model by its provider model id (`ResolvedModel.providerModel`). */
export interface Provider {
  chatModel?(modelId: string): ChatModel;
  embeddingModel?(modelId: string): EmbeddingModel;
  transcriptionModel?(modelId: string): TranscriptionModel;
}

/** What a kind's factory gets besides the endpoint. */
export interface ProviderFactoryOptions {
  /** fetch for HTTP providers (the router's `fetch` option; default the global fetch). */
  fetch?: typeof fetch;
  /** Clock in ms, for `Retry-After` dates. */
  now: () => number;
}

/** Builds a provider of one kind from the config's endpoint of that name (null when it has none). */
export type ProviderFactory = (endpoint: ResolvedProvider | null, options: ProviderFactoryOptions) => Provider;

/** The built-in kind: any OpenAI-compatible endpoint (OpenAI, DeepSeek, OpenRouter, Ollama, vLLM…). */
export const openAIProvider: ProviderFactory = (endpoint, options) => {
  if (!endpoint) throw new Error('provider has no baseURL');
  const client = createOpenAIClient(endpoint, options.fetch ? { fetch: options.fetch } : {});
  const models = new Map<string, OpenAIModel>();
  const model = (id: string): OpenAIModel => {
    let m = models.get(id);
    if (!m) models.set(id, (m = createOpenAIModel(client, id, options.now)));
    return m;
  };
  return { chatModel: model, embeddingModel: model, transcriptionModel: model };
};

export interface ProviderRegistryOptions extends ProviderFactoryOptions {
  /** Provider instances by provider name; they win over everything else. */
  providers?: Readonly<Record<string, Provider>>;
  /** Extra kinds by name, over the built-in `openai` kind. */
  kinds?: Readonly<Record<string, ProviderFactory>>;
  /** The config's endpoint for a provider name (config `providers` over the catalog's). */
  endpoint: (name: string) => ResolvedProvider | null;
}

/** One model as its provider serves it: null for an operation the provider does not implement. */
export interface ModelBinding {
  chat: ChatModel | null;
  embedding: EmbeddingModel | null;
  transcription: TranscriptionModel | null;
}

export type ProviderRegistry = (model: ResolvedModel) => ModelBinding;

/** Resolves a model to what its provider serves, building each provider and model once. */
export function createProviderRegistry(options: ProviderRegistryOptions): ProviderRegistry {
  const kinds: Record<string, ProviderFactory> = { openai: openAIProvider, ...options.kinds };
  const providers = new Map<string, Provider>(Object.entries(options.providers ?? {}));
  const bindings = new Map<string, ModelBinding>();

  const providerFor = (m: ResolvedModel): Provider => {
    let p = providers.get(m.provider);
    if (!p) {
      const endpoint = options.endpoint(m.provider);
      const factory = kinds[m.provider] ?? kinds.openai!;
      if (!endpoint && factory === kinds.openai) throw new Error(`router: provider "${m.provider}" of model ${m.key} has no baseURL`);
      p = factory(endpoint, { now: options.now, ...(options.fetch ? { fetch: options.fetch } : {}) });
      providers.set(m.provider, p);
    }
    return p;
  };

  return (m) => {
    let b = bindings.get(m.key);
    if (!b) {
      const p = providerFor(m);
      b = {
        chat: p.chatModel?.(m.providerModel) ?? null,
        embedding: p.embeddingModel?.(m.providerModel) ?? null,
        transcription: p.transcriptionModel?.(m.providerModel) ?? null,
      };
      bindings.set(m.key, b);
    }
    return b;
  };
}
