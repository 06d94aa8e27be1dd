/**
 * The loopback upstream of `bench/router.bench.ts`, in its own process so that serving requests
 * does not share the event loop being measured. Prints its base URL on the first stdout line and
 * runs until stdin closes.
 */
import { startOpenAIFake } from '../test/fakes/openai-fake.js';

const fake = await startOpenAIFake();
const content = process.argv[2] ?? 'ok';
fake.script('bench-model', { kind: 'answer', content, usage: { prompt: 800, completion: 60, cached: 0 } });
process.stdout.write(`${fake.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void fake.close().then(() => process.exit(0)));
