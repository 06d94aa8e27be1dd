/** The model router (issue 3): every language-model call in Herald goes through here. */
export { createRouter, type Router, type RouterOptions } from './router.js';
export { isStopped, isToolCalls } from './tool-calls.js';
export { ProviderError } from './provider-error.js';
export { resolveModel, catalogModels, type ResolvedModel, type Price, type Capabilities } from './catalog.js';
export { costOf } from './cost.js';
export { loadPrompt, renderPrompt, type Prompt } from './prompts.js';
export type * from './types.js';
export { openAIProvider, type ModelBinding, type Provider, type ProviderFactory, type ProviderFactoryOptions } from './provider.js';
export { BUILTIN_ROUTES, routeNeeds } from './routes.js';
export type { ChatModel, EmbeddingModel, TranscriptionModel, ModelChatRequest, ModelChatResponse, CallOptions, ResponseFormat } from './chat-model.js';
