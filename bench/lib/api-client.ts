import { randomBytes } from 'node:crypto';

/** The password the test helpers use: strong enough for the password policy. */
export const BENCH_PASSWORD = 'Correct-Horse7-Battery';

export interface Registered {
  accessToken: string;
  userId: string;
  tenantId: string;
}

async function json(res: Response, what: string, expected: number): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${what}: expected ${expected}, got ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Registers a new user, which creates a new tenant owned by that user. */
export async function register(baseUrl: string, label: string): Promise<Registered> {
  const email = `${label}-${randomBytes(4).toString('hex')}@example.com`;
  const res = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD, name: `Bench ${label}` }),
  });
  const body = await json(res, `register ${email}`, 201);
  const user = body.user as { id: string };
  const tenant = body.tenant as { id: string };
  return { accessToken: body.access_token as string, userId: user.id, tenantId: tenant.id };
}

export async function createMeeting(baseUrl: string, token: string, title: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/meetings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ title, status: 'live' }),
  });
  return (await json(res, 'create meeting', 201)).id as string;
}
