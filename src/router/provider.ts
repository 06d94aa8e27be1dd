/**
 * The provider seam: a provider serves models by id behind the narrow `ChatModel`,
 * `EmbeddingModel` and `TranscriptionModel` interfaces (`chat-model.ts`), the way the AI SDK's
 * `ProviderV2` hands out language and embedding models. The router never learns what is behind it.
 *
 * How the router finds a model's provider (see `createProviderRegistry`):
 *  1. an injected instance under the provider's name (`createRouter({ providers: { replay } })`):
 *     the lab's in-process and replay providers, or a test's;
 *  2. else a factory registered under the provider's name as its *kind*
 *     (`createRouter({ providerKinds: { replay: (p) => … } })`), built once from the config's
 *     endpoint for that name;
 *  3. else the built-in `openai` kind: every OpenAI-compatible endpoint through the `openai` SDK.
 *
 * To add a provider (e.g. trial-13's `replay` over recorded answers): implement `Provider`, give
 * the models a config/catalog entry whose `provider` is its name (the lab adds such entries for
 * suites that bring their own models), and pass the instance in `providers`. A provider that
 * serves no embeddings or transcriptions leaves those methods out; such a call then fails as a
 * non-retryable `http_4xx`, and the cascade moves on.
 */
import type { ChatModel, EmbeddingModel, ProviderModel, TranscriptionModel } from './chat-model.js';
import type { ResolvedModel, ResolvedProvider } from './catalog.js';
import { createOpenAIClient, createOpenAIModel } from './openai-model.js';
import { ProviderError } from './provider-error.js';

export interface Provider {
  /** The chat model with this provider model id (`ResolvedModel.providerModel`). */
  chatModel(modelId: string): ChatModel;
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
  const models = new Map<string, ProviderModel>();
  const model = (id: string): ProviderModel => {
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

/** Resolves a model to the three operations the executors call, building each provider once. */
export function createProviderRegistry(options: ProviderRegistryOptions): (model: ResolvedModel) => ProviderModel {
  const kinds: Record<string, ProviderFactory> = { openai: openAIProvider, ...options.kinds };
  const providers = new Map<string, Provider>(Object.entries(options.providers ?? {}));
  const models = new Map<string, ProviderModel>();

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
    let pm = models.get(m.key);
    if (pm) return pm;
    const p = providerFor(m);
    const unsupported = (what: string) => () => {
      throw new ProviderError('http_4xx', `provider "${m.provider}" serves no ${what}`);
    };
    const chat = p.chatModel(m.providerModel);
    const embedder = p.embeddingModel?.(m.providerModel);
    const transcriber = p.transcriptionModel?.(m.providerModel);
    pm = {
      chat: (request, callOptions) => chat.chat(request, callOptions),
      embed: embedder ? (input, callOptions) => embedder.embed(input, callOptions) : unsupported('embeddings'),
      transcribe: transcriber ? (audio, params, callOptions) => transcriber.transcribe(audio, params, callOptions) : unsupported('transcriptions'),
    };
    models.set(m.key, pm);
    return pm;
  };
}
