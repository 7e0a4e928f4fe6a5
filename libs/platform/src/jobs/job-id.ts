import { createHash } from 'node:crypto';

/** What a derived job id is computed from: the queue, the job's name, the tenant, and the inputs that make it unique. */
export interface JobIdentity {
  queue: string;
  name: string;
  tenantId: string | null;
  key: readonly (string | number)[];
}

/**
 * A job id derived from its inputs, for jobs that must not run twice for the
 * same thing (analysing one meeting, ingesting one document): enqueueing the
 * same identity again finds the job already there instead of adding another.
 * The tenant is always part of it, so two tenants never share a job.
 *
 * A UUID (version 8, RFC 9562's custom layout, from SHA-256) rather than a
 * readable string: every job id, derived or random, then has one shape, which
 * GET /api/v1/jobs/{id} validates like any other id, and a Redis key or a
 * PostgreSQL row never meets a separator it did not expect.
 */
export function deriveJobId({ queue, name, tenantId, key }: JobIdentity): string {
  // JSON of an array: parts cannot run into each other ("a","bc" differs from "ab","c").
  const bytes = createHash('sha256')
    .update(JSON.stringify([queue, name, tenantId, ...key]))
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
