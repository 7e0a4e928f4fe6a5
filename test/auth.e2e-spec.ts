import request from 'supertest';
import { bearer, login, register, STRONG_PASSWORD, uniqueEmail } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

describe('auth: register, login, me', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers a user with a tenant they own and answers OAuth2 token fields', async () => {
    const email = uniqueEmail('ada');
    const res = await request(t.server)
      .post('/api/v1/auth/register')
      .send({ email, password: STRONG_PASSWORD, name: 'Ada', tenantName: 'Engines' })
      .expect(201);
    expect(res.body).toMatchObject({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.any(String),
      user: { id: expect.any(String), email, name: 'Ada' },
      tenant: { id: expect.any(String), name: 'Engines', role: 'owner' },
    });
    const me = await request(t.server).get('/api/v1/auth/me').set(bearer(res.body)).expect(200);
    expect(me.body).toMatchObject({
      user: { email },
      tenant: { name: 'Engines', role: 'owner' },
      tenants: [{ name: 'Engines', role: 'owner' }],
    });
  });

  it('rejects a duplicate email with 409', async () => {
    const first = await register(t);
    const res = await request(t.server)
      .post('/api/v1/auth/register')
      .send({ email: first.user.email.toUpperCase(), password: STRONG_PASSWORD, name: 'Again' })
      .expect(409);
    expect(res.body.errors).toEqual([{ field: 'email', message: 'email is already registered' }]);
  });

  it('explains every password policy violation', async () => {
    const email = uniqueEmail('weak');
    const res = await request(t.server).post('/api/v1/auth/register').send({ email, password: 'password', name: 'Weak' }).expect(400);
    expectProblem(res, 400);
    const messages = res.body.errors.map((e: { message: string }) => e.message).join('\n');
    expect(messages).toMatch(/at least 12 characters/);
    expect(messages).toMatch(/uppercase/);
    expect(messages).toMatch(/digit/);
    expect(messages).toMatch(/symbol/);
    expect(messages).toMatch(/most commonly used/);
    const withEmail = await request(t.server)
      .post('/api/v1/auth/register')
      .send({ email, password: `X1!${email}`, name: 'Weak' })
      .expect(400);
    expect(JSON.stringify(withEmail.body.errors)).toMatch(/email/);
  });

  it('logs in with the right password, in the oldest tenant by default', async () => {
    const user = await register(t);
    const tokens = await login(t, user.user.email);
    expect(tokens.tenant.id).toBe(user.tenant.id);
    await request(t.server).get('/api/v1/auth/me').set(bearer(tokens)).expect(200);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const user = await register(t);
    const wrong = await request(t.server)
      .post('/api/v1/auth/login')
      .send({ email: user.user.email, password: 'Wrong-Password-123' })
      .expect(401);
    const unknown = await request(t.server)
      .post('/api/v1/auth/login')
      .send({ email: uniqueEmail('ghost'), password: 'Wrong-Password-123' })
      .expect(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.detail).toBe('The email or password is incorrect.');
  });

  it('requires a token on every non-public route, with precise 401 problems', async () => {
    const missing = await request(t.server).get('/api/v1/auth/me').expect(401);
    expect(missing.body).toMatchObject({ status: 401, code: 'missing_token' });
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    const garbage = await request(t.server).get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
    expect(garbage.body.code).toBe('invalid_token');
  });
});
