import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from './test-app';

export const STRONG_PASSWORD = 'Correct-Horse7-Battery';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  user: { id: string; email: string; name: string };
  tenant: { id: string; name: string; role: string };
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.com`;
}

export async function register(t: TestApp, overrides: Record<string, unknown> = {}): Promise<TokenResponse> {
  const res = await request(t.server)
    .post('/api/v1/auth/register')
    .send({ email: uniqueEmail(), password: STRONG_PASSWORD, name: 'Test User', ...overrides });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TokenResponse;
}

export async function login(t: TestApp, email: string, password = STRONG_PASSWORD, tenantId?: string): Promise<TokenResponse> {
  const res = await request(t.server)
    .post('/api/v1/auth/login')
    .send({ email, password, ...(tenantId ? { tenantId } : {}) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TokenResponse;
}

/** Invites `email` into the tenant of `admin` with `role` and registers that user with the invitation. */
export async function addMember(
  t: TestApp,
  admin: TokenResponse,
  role: 'admin' | 'member' | 'viewer',
  label: string = role,
): Promise<TokenResponse> {
  const email = uniqueEmail(label);
  const invitation = await request(t.server)
    .post('/api/v1/tenants/current/invitations')
    .auth(admin.access_token, { type: 'bearer' })
    .send({ email, role })
    .expect(201);
  return register(t, { email, invitationToken: invitation.body.token });
}

export const bearer = (tokens: TokenResponse) => ({ Authorization: `Bearer ${tokens.access_token}` });
