/**
 * SPEC section 1: a flag that takes several values accepts both `--models a b c` and
 * `--models a --models b`. `node:util` parseArgs knows only the second form, so the values that
 * follow such a flag are folded into repeated flags first.
 */
export function spreadMultiValues(args: readonly string[], multi: readonly string[]): string[] {
  const out: string[] = [];
  let current: string | null = null;
  for (const arg of args) {
    if (arg.startsWith('-')) {
      const name = arg.replace(/^--?/, '').replace(/=.*$/, '');
      current = multi.includes(name) && !arg.includes('=') ? name : null;
      out.push(arg);
      continue;
    }
    if (current !== null && out.at(-1) !== `--${current}`) out.push(`--${current}`);
    out.push(arg);
  }
  return out;
}
