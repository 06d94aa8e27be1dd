// Locates the fonts shipped with the repo (assets/fonts) so charts render identically on every
// machine and in the Docker image: resvg is told to load ONLY these files, never system fonts.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Family name the SVG uses; it is the family inside the shipped .ttf files. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

/** The shipped font files (regular + bold); both live in `<repo>/assets/fonts/`. */
export const CHART_FONT_FILE_NAMES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;

/**
 * Walks up from `startDir` (default: this module's directory — `src/render/chart` under tsx,
 * `dist/render/chart` when compiled) until a folder holding `assets/fonts/<all font files>` is
 * found, and returns that `assets/fonts` path. Throws a descriptive error if none is found.
 */
export function findChartFontsDir(startDir: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, 'assets', 'fonts');
    if (CHART_FONT_FILE_NAMES.every((name) => existsSync(join(candidate, name)))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `chart fonts not found: no assets/fonts/{${CHART_FONT_FILE_NAMES.join(',')}} ` +
          `in ${startDir} or any parent directory (ship the assets folder next to src/ or dist/)`,
      );
    }
    dir = parent;
  }
}

let cachedFiles: string[] | undefined;

/** Absolute paths of the shipped font files, resolved once per process. */
export function chartFontFiles(): string[] {
  if (!cachedFiles) {
    const dir = findChartFontsDir();
    cachedFiles = CHART_FONT_FILE_NAMES.map((name) => join(dir, name));
  }
  return [...cachedFiles];
}
