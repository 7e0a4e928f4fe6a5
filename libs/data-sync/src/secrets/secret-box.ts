import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, type SyncSecretsKey } from '@quorum/platform';

/** A ciphertext that cannot be opened: unknown key id, tampered, or bound to another tenant. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
}

const VERSION = 'v1';

/**
 * Encrypts data-sync credentials at rest with AES-256-GCM under SYNC_SECRETS_KEY. The stored form is
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url), so any listed key opens what it sealed and the first one seals;
 * the tenant id is the additional authenticated data, so a ciphertext copied to another tenant's row does not open.
 */
@Injectable()
export class SecretBox {
  private readonly logger = new Logger('DataSync');
  private readonly keys: SyncSecretsKey[];

  constructor(config: AppConfig) {
    this.keys = config.syncSecretsKeys;
    if (config.syncSecretsKeyGenerated)
      this.logger.warn(
        'SYNC_SECRETS_KEY is unset: data-sync credentials are encrypted with a key generated for this process and unreadable after a restart; set SYNC_SECRETS_KEY (`openssl rand -base64 32`)',
      );
  }

  seal(plaintext: string, tenantId: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(tenantId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string, tenantId: string): string {
    const [version, id, iv, tag, body, ...rest] = sealed.split('.');
    if (version !== VERSION || rest.length || !body) throw new SecretUnreadableError('the stored credentials are not in a known format');
    const entry = this.keys.find((k) => k.id === id);
    if (!entry)
      throw new SecretUnreadableError(`the stored credentials were encrypted with key "${id}", which SYNC_SECRETS_KEY no longer lists`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(tenantId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadableError('the stored credentials do not decrypt (altered, or sealed with another key of that id)');
    }
  }

  /** A source's credentials (a JSON object of strings, sealed for its tenant), or null when it has none. */
  openCredentials(source: { credentials: string | null; tenantId: string }): Record<string, string> | null {
    if (!source.credentials) return null;
    const opened: unknown = JSON.parse(this.open(source.credentials, source.tenantId));
    if (typeof opened !== 'object' || opened === null || Array.isArray(opened))
      throw new SecretUnreadableError('the stored credentials are not an object');
    return opened as Record<string, string>;
  }

  /** The id of the key that sealed `sealed`, to tell which rows a rotation still has to re-encrypt. */
  keyIdOf(sealed: string): string | null {
    return sealed.split('.')[1] ?? null;
  }
}
