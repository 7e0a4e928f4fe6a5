/** A `github` source's settings, read once per call. */
export interface GitHubSettings {
  owner: string;
  repo: string;
  /** Without a trailing slash: https://api.github.com, or https://ghe.example.com/api/v3. */
  apiUrl: string;
  /** Lower-cased e-mail → GitHub login. */
  loginByEmail: Map<string, string>;
  /** Lower-cased login → e-mail (logins are case-insensitive on GitHub). */
  emailByLogin: Map<string, string>;
  labels: string[];
}

export const GITHUB_API_URL = 'https://api.github.com';
const KNOWN = new Set(['owner', 'repo', 'apiUrl', 'assignees', 'labels']);
/** GitHub's own rules: user and organisation names (Enterprise also allows `_`), repository names. */
export const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const MAX_ASSIGNEES = 1000;
const MAX_LABELS = 20;

export function readSettings(settings: Record<string, unknown>): GitHubSettings {
  const loginByEmail = new Map<string, string>();
  const emailByLogin = new Map<string, string>();
  const assignees = settings.assignees;
  if (assignees && typeof assignees === 'object' && !Array.isArray(assignees))
    for (const [email, login] of Object.entries(assignees as Record<string, unknown>)) {
      if (typeof login !== 'string') continue;
      loginByEmail.set(email.toLowerCase(), login);
      if (!emailByLogin.has(login.toLowerCase())) emailByLogin.set(login.toLowerCase(), email.toLowerCase());
    }
  return {
    owner: String(settings.owner),
    repo: String(settings.repo),
    apiUrl: (typeof settings.apiUrl === 'string' ? settings.apiUrl : GITHUB_API_URL).replace(/\/+$/, ''),
    loginByEmail,
    emailByLogin,
    labels: Array.isArray(settings.labels) ? settings.labels.filter((l): l is string => typeof l === 'string') : [],
  };
}

export function validateSettings(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(settings)) if (!KNOWN.has(key)) problems.push(`settings.${key}: is not a setting of a github source`);
  if (typeof settings.owner !== 'string' || !LOGIN.test(settings.owner))
    problems.push('settings.owner: must be a GitHub user or organisation name (letters, digits, hyphens; at most 39)');
  if (typeof settings.repo !== 'string' || !REPO.test(settings.repo) || settings.repo === '.' || settings.repo === '..')
    problems.push('settings.repo: must be a repository name (letters, digits, ".", "_", "-"; at most 100)');
  if (settings.apiUrl !== undefined) {
    const problem = apiUrlProblem(settings.apiUrl);
    if (problem) problems.push(`settings.apiUrl: ${problem}`);
  }
  if (settings.assignees !== undefined) {
    const assignees = settings.assignees;
    if (!assignees || typeof assignees !== 'object' || Array.isArray(assignees))
      problems.push('settings.assignees: must be an object mapping e-mail addresses to GitHub logins');
    else {
      const entries = Object.entries(assignees as Record<string, unknown>);
      if (entries.length > MAX_ASSIGNEES) problems.push(`settings.assignees: at most ${MAX_ASSIGNEES} entries`);
      const emailOf = new Map<string, string>();
      for (const [email, login] of entries.slice(0, MAX_ASSIGNEES)) {
        if (!EMAIL.test(email)) problems.push(`settings.assignees: "${email.slice(0, 100)}" is not an e-mail address`);
        if (typeof login !== 'string' || !LOGIN.test(login)) {
          problems.push(`settings.assignees.${email.slice(0, 100)}: must be a GitHub login`);
          continue;
        }
        // Pulling maps the login back: two addresses for one login would make that ambiguous.
        const other = emailOf.get(login.toLowerCase());
        if (other && other !== email.toLowerCase())
          problems.push(`settings.assignees: the login ${login} is given for both ${other} and ${email}; keep one`);
        else emailOf.set(login.toLowerCase(), email.toLowerCase());
      }
    }
  }
  if (settings.labels !== undefined) {
    const labels = settings.labels;
    if (
      !Array.isArray(labels) ||
      labels.length > MAX_LABELS ||
      labels.some((l) => typeof l !== 'string' || l.trim() === '' || l.length > 100)
    )
      problems.push(`settings.labels: must be a list of at most ${MAX_LABELS} label names (1 to 100 characters each)`);
  }
  if (!credentials || typeof credentials.token !== 'string' || credentials.token === '')
    problems.push('credentials.token: a GitHub token (fine-grained, with Issues read and write) is required');
  else {
    for (const key of Object.keys(credentials))
      if (key !== 'token') problems.push(`credentials.${key}: is not a credential of a github source`);
    // The token goes into a header: no whitespace or control characters (and never echo it).
    if (credentials.token.length > 1000 || !/^[\x21-\x7e]+$/.test(credentials.token))
      problems.push('credentials.token: must be at most 1000 printable characters without spaces');
  }
  return problems;
}

function apiUrlProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048) return 'must be an http(s) URL of at most 2048 characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http(s) URL of at most 2048 characters';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL of at most 2048 characters';
  if (url.username || url.password) return 'must not carry a user name or password (give the token as a credential)';
  if (url.search || url.hash) return 'must not have a query or fragment';
  return null;
}
