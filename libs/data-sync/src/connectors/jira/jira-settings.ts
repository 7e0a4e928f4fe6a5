/** A Jira source's settings, read once per call from the stored JSON (validated on save). */
export interface JiraSettings {
  /** Without a trailing slash: `https://your-domain.atlassian.net`, or `https://api.atlassian.com/ex/jira/<cloudId>` for OAuth. */
  siteUrl: string;
  projectKey: string;
  issueType: string;
  /** E-mail (lower case) → Jira accountId. */
  assignees: Map<string, string>;
  /** accountId → e-mail, for pull. */
  emailsByAccount: Map<string, string>;
  doneStatus: string | null;
  cancelledStatus: string | null;
}

const KNOWN = new Set(['siteUrl', 'projectKey', 'issueType', 'assignees', 'doneStatus', 'cancelledStatus']);
/** Jira project keys: an upper-case letter, then upper-case letters, digits or underscores. Also keeps the JQL safe. */
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function readJiraSettings(settings: Record<string, unknown>): JiraSettings {
  const assignees = new Map<string, string>();
  const emailsByAccount = new Map<string, string>();
  const map = settings.assignees;
  if (map && typeof map === 'object' && !Array.isArray(map))
    for (const [email, accountId] of Object.entries(map as Record<string, unknown>)) {
      if (typeof accountId !== 'string') continue;
      assignees.set(email.toLowerCase(), accountId);
      if (!emailsByAccount.has(accountId)) emailsByAccount.set(accountId, email.toLowerCase());
    }
  const name = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  return {
    siteUrl: String(settings.siteUrl ?? '').replace(/\/+$/, ''),
    projectKey: String(settings.projectKey ?? ''),
    issueType: name(settings.issueType) ?? 'Task',
    assignees,
    emailsByAccount,
    doneStatus: name(settings.doneStatus),
    cancelledStatus: name(settings.cancelledStatus),
  };
}

/** Problems with a Jira source's settings and credentials, as `field: message` lines. */
export function validateJira(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(settings)) if (!KNOWN.has(key)) problems.push(`settings.${key}: is not a setting of a jira source`);
  const site = settings.siteUrl;
  let url: URL | null;
  try {
    url = typeof site === 'string' && site.length <= 2048 ? new URL(site) : null;
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password)
    problems.push('settings.siteUrl: must be the site URL, e.g. https://your-domain.atlassian.net (no query, no user info)');
  if (typeof settings.projectKey !== 'string' || !PROJECT_KEY.test(settings.projectKey))
    problems.push('settings.projectKey: must be a Jira project key (upper-case letters, digits, underscores; e.g. OPS)');
  for (const key of ['issueType', 'doneStatus', 'cancelledStatus'] as const) {
    const value = settings[key];
    if (value !== undefined && (typeof value !== 'string' || !value.trim() || value.length > 255 || /["\\]/.test(value)))
      problems.push(`settings.${key}: must be a name of at most 255 characters, without quotes or backslashes`);
  }
  const map = settings.assignees;
  if (map !== undefined) {
    if (!map || typeof map !== 'object' || Array.isArray(map))
      problems.push('settings.assignees: must map e-mail addresses to Jira accountIds');
    else {
      const entries = Object.entries(map as Record<string, unknown>);
      if (entries.length > 5000) problems.push('settings.assignees: at most 5000 entries');
      for (const [email, accountId] of entries.slice(0, 5000)) {
        if (!EMAIL.test(email) || email.length > 320) problems.push(`settings.assignees: ${email.slice(0, 80)} is not an e-mail address`);
        if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId))
          problems.push(`settings.assignees.${email.slice(0, 80)}: must be a Jira accountId (e.g. 5b10ac8d82e05b22cc7d4ef5)`);
      }
    }
  }
  if (!credentials) problems.push('credentials: give email and apiToken (an Atlassian API token), or token (OAuth 2.0 bearer)');
  else {
    const keys = Object.keys(credentials).sort().join(',');
    if (keys !== 'apiToken,email' && keys !== 'token')
      problems.push('credentials: give email and apiToken (an Atlassian API token), or token (OAuth 2.0 bearer)');
    for (const [key, value] of Object.entries(credentials))
      if (typeof value !== 'string' || !value || value.length > 4000)
        problems.push(`credentials.${key}: must be a string of 1 to 4000 characters`);
  }
  return problems;
}
