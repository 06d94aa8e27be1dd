/**
 * One line of `herald doctor` (SPEC §1 JSON: `{name, ok, skipped?, detail, fix?}`). Transports
 * export functions returning these, so `monitor/` checks chat credentials without importing a
 * chat SDK.
 */
export interface HealthCheck {
  name: string;
  ok: boolean;
  /** Not configured: shown, and counted as ok. */
  skipped?: boolean;
  /** What was found (never a secret). */
  detail: string;
  /** How to fix it, when not ok. */
  fix?: string;
}

export const passed = (name: string, detail: string): HealthCheck => ({ name, ok: true, detail });
export const failed = (name: string, detail: string, fix: string): HealthCheck => ({ name, ok: false, detail, fix });
export const skipped = (name: string, detail: string): HealthCheck => ({ name, ok: true, skipped: true, detail });
