/** Shell-safe as written when it is, single-quoted otherwise, so a printed fix can be pasted as is. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.@%+=:,/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function sqlIdentifier(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Fails closed: a URL we cannot parse is not printed at all, since it might hold a password in an odd place. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|key/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return '[unparseable URL]';
  }
}
