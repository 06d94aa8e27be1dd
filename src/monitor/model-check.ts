/**
 * `herald doctor`'s model lines: for each model a route uses, its provider's endpoint answers,
 * the key is accepted and the model id is known — `GET {baseURL}/models/{id}`, which costs
 * nothing — or, with `--live`, one tiny real call. Plain HTTP of the OpenAI wire format: a
 * doctor must tell "unreachable" from "key refused" from "unknown model", which the SDK's
 * retries and error classes would blur.
 */
import type { Config } from '../config.js';
import { resolveModel, resolveProvider } from '../router/catalog.js';
import { failed, passed, skipped, type HealthCheck } from '../health-check.js';

export interface ModelCheckOptions {
  config: Pick<Config, 'routes' | 'models' | 'providers' | 'env'>;
  /** One tiny call per model instead of `GET /models/{id}` (costs a few tokens). */
  live: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function checkModels(options: ModelCheckOptions): Promise<HealthCheck[]> {
  const { config } = options;
  const doFetch = options.fetch ?? fetch;
  const used = new Map<string, string[]>();
  for (const [route, r] of Object.entries(config.routes)) {
    if (!r) continue;
    for (const key of [...r.models, ...(r.canary ? [r.canary.model] : []), ...(r.shadow ? [r.shadow.model] : [])]) {
      used.set(key, [...(used.get(key) ?? []), route]);
    }
  }
  const checks: HealthCheck[] = [];
  if (used.size === 0) checks.push(skipped('models', 'no route lists a model: briefs use the template narrative'));
  const usedProviders = new Set<string>();
  checks.push(
    ...(await Promise.all(
      [...used].map(async ([key, routes]) => {
        const name = `model ${key} (${[...new Set(routes)].join(', ')})`;
        const model = resolveModel(key, config);
        if (!model) return failed(name, 'not in the catalog and not in config models', `add models.${key} {provider, model} to the config`);
        usedProviders.add(model.provider);
        const provider = resolveProvider(model.provider, config);
        if (!provider) return failed(name, `provider ${model.provider} has no baseURL`, `set providers.${model.provider}.baseURL`);
        const keyEnv = config.providers[model.provider]?.apiKeyEnv ?? 'OPENAI_API_KEY';
        const headers = { authorization: `Bearer ${provider.apiKey}`, ...provider.headers };
        const base = provider.baseURL.replace(/\/+$/, '');
        const embedOnly = routes.every((r) => r === 'embed');
        // A live transcription needs audio: those models get the free lookup even with --live.
        const live = options.live && !routes.every((r) => r === 'transcribe');
        const request: [string, RequestInit] = !live
          ? [`${base}/models/${encodeURIComponent(model.providerModel)}`, { headers }]
          : embedOnly
            ? [`${base}/embeddings`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ model: model.providerModel, input: 'ping' }) }]
            : [`${base}/chat/completions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ model: model.providerModel, messages: [{ role: 'user', content: 'ping' }], max_completion_tokens: 16 }) }];
        let res: Response;
        try {
          res = await doFetch(request[0], { ...request[1], signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
        } catch (err) {
          const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.name : 'error');
          return failed(name, `endpoint ${base} unreachable (${cause})`, `check providers.${model.provider}.baseURL and that the server is up`);
        }
        const text = await res.text().catch(() => '');
        const said = providerMessage(text, provider.apiKey);
        if (res.ok) return passed(name, live ? `answered a live call at ${base}` : `${model.providerModel} known at ${base}`);
        if (res.status === 401 || res.status === 403) return failed(name, `key refused by ${base} (${res.status}${said ? `: ${said}` : ''})`, `set ${keyEnv} to a valid key for ${model.provider}`);
        if (res.status === 404) return failed(name, `model id ${model.providerModel} unknown at ${base}${said ? ` (${said})` : ''}`, `fix models.${key}.model, or pull/deploy the model on the server`);
        return failed(name, `${base} answered ${res.status}${said ? `: ${said}` : ''}`, 'see the provider status page; herald retries 429/5xx per route');
      }),
    )),
  );
  for (const name of Object.keys(config.providers)) {
    if (!usedProviders.has(name)) checks.push(skipped(`provider ${name}`, 'no route uses it'));
  }
  return checks;
}

/** The provider's error message, one line, without the key. */
function providerMessage(text: string, apiKey: string): string {
  let message = text;
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message ?? '');
  } catch {
    // not JSON: keep the text
  }
  return message.split(apiKey).join('[key]').replace(/\s+/g, ' ').trim().slice(0, 160);
}
