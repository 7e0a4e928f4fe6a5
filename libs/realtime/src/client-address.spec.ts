import express from 'express';
import { clientAddress, type TrustFn } from './client-address';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as never;

/** The very function Express compiles from each TRUST_PROXY form, so the two cannot drift apart. */
function trustFor(setting: boolean | number | string[]): TrustFn {
  const app = express();
  app.set('trust proxy', setting);
  return app.get('trust proxy fn') as TrustFn;
}

describe('clientAddress', () => {
  it('is the socket address when no proxy is trusted, whatever the headers claim', () => {
    expect(clientAddress(request('10.0.0.5', '203.0.113.9'), trustFor(false))).toBe('10.0.0.5');
    expect(clientAddress(request('10.0.0.5', '203.0.113.9'), undefined)).toBe('10.0.0.5');
  });

  it('takes the farthest address when every proxy is trusted', () => {
    expect(clientAddress(request('10.0.0.5', '203.0.113.9, 10.0.0.7'), trustFor(true))).toBe('203.0.113.9');
  });

  it('counts hops', () => {
    expect(clientAddress(request('10.0.0.5', '198.51.100.1, 203.0.113.9'), trustFor(1))).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.5', '198.51.100.1, 203.0.113.9'), trustFor(2))).toBe('198.51.100.1');
  });

  it('stops at the first untrusted hop, so a client cannot forge its way past the proxy', () => {
    const trust = trustFor(['loopback']);
    expect(clientAddress(request('127.0.0.1', '198.51.100.1, 203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress(request('198.51.100.50', '203.0.113.9'), trust)).toBe('198.51.100.50');
    expect(clientAddress(request('127.0.0.1'), trust)).toBe('127.0.0.1');
  });

  it('reads repeated X-Forwarded-For headers as one list', () => {
    const req = { socket: { remoteAddress: '127.0.0.1' }, headers: { 'x-forwarded-for': ['198.51.100.1', '203.0.113.9'] } } as never;
    expect(clientAddress(req, trustFor(true))).toBe('198.51.100.1');
  });
});
