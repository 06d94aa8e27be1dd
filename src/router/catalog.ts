/**
 * The built-in model catalog (`catalog.json`: context window, capabilities, prices with their
 * source and date) merged with the config's `models` and `providers`. A model is always named by
 * its key (config or catalog name), never by the provider's id.
 */
import catalogData from './catalog.json' with { type: 'json' };

export const CAPABILITIES = ['json_schema', 'json_mode', 'tools', 'vision', 'audio', 'embeddings'] as const;
export type Capability = (typeof CAPABILITIES)[number];
export type Capabilities = Record<Capability, boolean>;

/**
 * The shapes of the config's `models` and `providers` entries as the catalog reads them (the
 * config's zod schema produces them; declared here so that the catalog does not import the config
 * that imports it).
 */
export interface ModelEntry {
  provider: string;
  model: string;
  inputPerMTok?: number | undefined;
  cachedInputPerMTok?: number | undefined;
  outputPerMTok?: number | undefined;
  contextWindow?: number | undefined;
  capabilities?: Partial<Record<Capability, boolean | undefined>> | undefined;
}

export interface ProviderEntry {
  baseURL?: string | undefined;
  apiKeyEnv?: string | undefined;
  headers?: Record<string, string> | undefined;
}

export interface Price {
  inputPerMTok: number;
  /** Price of input tokens served from the provider's prompt cache; defaults to `inputPerMTok`. */
  cachedInputPerMTok: number;
  outputPerMTok: number;
  /** For models billed per second of audio (whisper-1). */
  audioPerSecond?: number;
  source: string;
  date: string;
}

export interface ResolvedModel {
  key: string;
  provider: string;
  /** The id sent to the provider. */
  providerModel: string;
  contextWindow: number | undefined;
  capabilities: Capabilities;
  /** Null when no price is known: every call is then logged `unpriced`, never as $0. */
  price: Price | null;
}

export interface ResolvedProvider {
  name: string;
  baseURL: string;
  apiKey: string;
  headers: Record<string, string>;
}

interface CatalogEntry {
  provider: string;
  model: string;
  contextWindow?: number;
  capabilities: Partial<Capabilities>;
  price: Partial<Omit<Price, 'source' | 'date'>> & { source: string; date: string };
}

const CATALOG = catalogData as unknown as {
  providers: Record<string, { baseURL: string; apiKeyEnv?: string }>;
  models: Record<string, CatalogEntry>;
};

const NO_CAPS: Capabilities = { json_schema: false, json_mode: false, tools: false, vision: false, audio: false, embeddings: false };
/** SPEC section 3: a model the catalog does not know is taken to chat, answer JSON and call tools. */
const CONFIG_MODEL_CAPS: Capabilities = { ...NO_CAPS, json_mode: true, tools: true };

/** Catalog keys, for `doctor` and the docs. */
export function catalogModels(): string[] {
  return Object.keys(CATALOG.models);
}

/** Providers the catalog knows an endpoint for (a config `models` entry may name them without a `providers` entry). */
export function catalogProviders(): string[] {
  return Object.keys(CATALOG.providers);
}

/**
 * Resolves a model key: the config entry (if any) over the catalog entry for the same key, or for
 * the config entry's provider model id. Returns null for a key known to neither.
 */
export function resolveModel(key: string, config: { models: Readonly<Record<string, ModelEntry>> }): ResolvedModel | null {
  const own = config.models[key];
  const base = CATALOG.models[key] ?? (own ? CATALOG.models[own.model] : undefined);
  if (!own && !base) return null;
  const provider = own?.provider ?? base!.provider;
  return {
    key,
    provider,
    providerModel: own?.model ?? base!.model,
    contextWindow: own?.contextWindow ?? base?.contextWindow,
    capabilities: { ...(base ? NO_CAPS : CONFIG_MODEL_CAPS), ...base?.capabilities, ...stripUndefined(own?.capabilities ?? {}) },
    price: resolvePrice(own, base, provider),
  };
}

function resolvePrice(own: ModelEntry | undefined, base: CatalogEntry | undefined, provider: string): Price | null {
  const fromConfig = own && (own.inputPerMTok !== undefined || own.outputPerMTok !== undefined);
  if (fromConfig) {
    const input = own.inputPerMTok ?? base?.price.inputPerMTok;
    const output = own.outputPerMTok ?? base?.price.outputPerMTok;
    if (input === undefined || output === undefined) return null;
    return {
      inputPerMTok: input,
      cachedInputPerMTok: own.cachedInputPerMTok ?? input,
      outputPerMTok: output,
      source: 'config',
      date: 'config',
    };
  }
  if (base) {
    const p = base.price;
    if (p.audioPerSecond !== undefined) {
      return { inputPerMTok: 0, cachedInputPerMTok: 0, outputPerMTok: 0, audioPerSecond: p.audioPerSecond, source: p.source, date: p.date };
    }
    if (p.inputPerMTok !== undefined && p.outputPerMTok !== undefined) {
      return {
        inputPerMTok: p.inputPerMTok,
        cachedInputPerMTok: own?.cachedInputPerMTok ?? p.cachedInputPerMTok ?? p.inputPerMTok,
        outputPerMTok: p.outputPerMTok,
        source: p.source,
        date: p.date,
      };
    }
  }
  // A model served by the local Ollama costs nothing; anything else without a price is unknown.
  if (provider === 'ollama') return { inputPerMTok: 0, cachedInputPerMTok: 0, outputPerMTok: 0, source: 'local', date: 'local' };
  return null;
}

/** The provider's endpoint and key: config `providers` over the catalog's defaults. */
export function resolveProvider(
  name: string,
  config: { providers: Readonly<Record<string, ProviderEntry>>; env: Readonly<Record<string, string | undefined>> },
): ResolvedProvider | null {
  const own = config.providers[name];
  const base = CATALOG.providers[name];
  if (!own && !base) return null;
  const baseURL = own?.baseURL ?? base?.baseURL;
  if (!baseURL) return null;
  const keyEnv = own?.apiKeyEnv ?? base?.apiKeyEnv;
  // Local servers (Ollama, llama.cpp) take any key; the SDK insists on a non-empty one.
  const apiKey = (keyEnv ? config.env[keyEnv] : undefined) ?? 'no-key';
  return { name, baseURL, apiKey, headers: own?.headers ?? {} };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
