// Scores a detector's per-file outputs on the whole NAB corpus under every profile.

import type { NabCorpus } from './corpus.js';
import { scoreProfile, type ProfileResult, type ScoredFile } from './scorer.js';

export interface CorpusScores {
  readonly profiles: Record<string, ProfileResult>;
}

/** `scores` holds one array per corpus file, in `corpus.files` order. */
export function evaluateCorpus(corpus: NabCorpus, scores: readonly (readonly number[])[]): CorpusScores {
  const files: ScoredFile[] = corpus.files.map((f, i) => ({
    name: f.name,
    timestamps: f.points.map((p) => p.time.getTime()),
    scores: scores[i]!,
    windows: f.windows,
  }));
  const profiles: Record<string, ProfileResult> = {};
  for (const [name, cost] of Object.entries(corpus.profiles)) {
    profiles[name] = scoreProfile(files, name, cost, corpus.windowCount);
  }
  return { profiles };
}
