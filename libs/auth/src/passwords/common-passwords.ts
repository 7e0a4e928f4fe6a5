import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Read from beside the compiled file so the same code works from `src` under
 * Jest and from `dist` in production (nest-cli.json copies the .txt there).
 */
export const COMMON_PASSWORDS_FILE = join(__dirname, 'common-passwords.txt');

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * The 10,000 most common leaked passwords, lowercased. Loaded on first use
 * rather than at import so that importing the auth library costs no I/O and a
 * missing asset fails the first password check loudly instead of boot.
 */
export function getCommonPasswords(): ReadonlySet<string> {
  commonPasswords ??= parseCommonPasswords(readFileSync(COMMON_PASSWORDS_FILE, 'utf8'));
  return commonPasswords;
}

export function isCommonPassword(candidate: string): boolean {
  return getCommonPasswords().has(candidate.toLowerCase());
}

export function parseCommonPasswords(text: string): Set<string> {
  const entries = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    // '#' lines are the provenance header; no entry in the source list starts with '#'.
    if (line === '' || line.startsWith('#')) continue;
    entries.add(line.toLowerCase());
  }
  return entries;
}
