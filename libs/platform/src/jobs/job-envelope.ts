import type { Principal } from '../tenancy/request-context';

/**
 * What BullMQ stores as a job's data: the module's input, and the caller who
 * enqueued it. The job runs as that caller (tenant, user, role), so the
 * services it calls scope and audit their work as they would in the request;
 * its tenant also decides who may read the job's status. Null for work that
 * belongs to no tenant.
 */
export interface JobEnvelope<I> {
  principal: Principal | null;
  input: I;
}
