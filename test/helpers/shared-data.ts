/**
 * The shared data (NAB, UCI retail) lives beside the repository, never in it. Tests that read it
 * run wherever it is present — on this project's machines and CI always — and are skipped, with
 * a warning, in a clone that has no `../shared/data` (set HERALD_SHARED_DATA to point at a copy).
 */
import { existsSync } from 'node:fs';
import { sharedDataDir } from '../../src/data/shared-data.js';

export const SHARED_DATA = sharedDataDir();
export const hasSharedData = existsSync(SHARED_DATA);
if (!hasSharedData) console.warn(`shared data not found at ${SHARED_DATA}: tests on NAB and the retail sample are skipped`);
