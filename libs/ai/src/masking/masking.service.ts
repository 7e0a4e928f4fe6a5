import { Injectable } from '@nestjs/common';
import { domainEvent, DomainEvents, ProblemException, RequestContext, Transactions, unprocessable } from '@quorum/platform';
import { AuditService } from '@quorum/tenants';
import type { MaskingPreviewDto } from './dto/masking-preview.dto';
import { MaskingRulesDto } from './dto/masking-rules.dto';
import { checkCustomPattern } from './engine/check-custom-pattern';
import {
  compileIndexPolicy,
  compilePolicy,
  defaultPolicy,
  indexRulesChanged,
  type MaskingPolicy,
  withAllBuiltins,
} from './engine/masking-policy';
import { type CompiledRule, MaskingSession } from './engine/masking-session';
import { MaskingEvents } from './masking-events';
import { MaskingPoliciesRepository } from './masking-policies.repository';

/**
 * The tenants' masking rules (docs/ai.md, "PII masking"): read, replaced by admins (audited), previewed,
 * and turned into a MaskingSession for each AI call that leaves for a remote provider.
 */
@Injectable()
export class MaskingService {
  constructor(
    private readonly policies: MaskingPoliciesRepository,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly events: DomainEvents,
  ) {}

  /** The caller's tenant's rules, or a job's tenant's; the defaults until an admin changes them. */
  async policy(tenantId?: string): Promise<MaskingPolicy> {
    const row = await this.policies.find(tenantId);
    if (!row) return defaultPolicy();
    return { enabled: row.enabled, applyToIndex: row.applyToIndex, builtins: withAllBuiltins(row.builtins), custom: row.custom };
  }

  /**
   * A fresh session for one AI call of `tenantId`. The rules are read per call rather than cached: a call to a
   * remote model takes seconds, the read a fraction of a millisecond, and an admin's change applies at once
   * on every instance.
   */
  async session(tenantId: string): Promise<MaskingSession> {
    return new MaskingSession(await this.rules(tenantId));
  }

  /** The tenant's rules compiled, for a caller that opens several sessions (one per text embedded); empty when masking is off. */
  async rules(tenantId: string): Promise<CompiledRule[]> {
    return compilePolicy(await this.policy(tenantId));
  }

  /**
   * A session for indexing one knowledge-base source (a document, a meeting), or null when the tenant's index is not
   * masked. One session per source: a value gets the same placeholder in every passage of it, so a search for the
   * placeholder still finds them all; the pseudonym table is dropped with the session.
   */
  async indexSession(tenantId: string): Promise<MaskingSession | null> {
    const rules = compileIndexPolicy(await this.policy(tenantId));
    return rules.length ? new MaskingSession(rules) : null;
  }

  async replace(dto: MaskingRulesDto): Promise<MaskingPolicy> {
    const names = new Set<string>();
    dto.custom.forEach((rule, index) => {
      if (names.has(rule.name.toLowerCase()))
        throw unprocessable(`custom.${index}.name`, `another custom rule is already named ${rule.name}`);
      names.add(rule.name.toLowerCase());
      const problem = checkCustomPattern(rule.pattern, rule.caseInsensitive);
      if (problem) {
        throw new ProblemException({
          status: 422,
          slug: problem.slug,
          title: 'Pattern refused',
          detail: `custom.${index}.pattern ${problem.message}.`,
          errors: [{ field: `custom.${index}.pattern`, message: problem.message }],
        });
      }
    });
    const seen = new Set<string>();
    dto.builtins.forEach((rule, index) => {
      if (seen.has(rule.detector)) throw unprocessable(`builtins.${index}.detector`, `${rule.detector} is listed twice`);
      seen.add(rule.detector);
    });
    const before = await this.policy();
    const after: MaskingPolicy = {
      enabled: dto.enabled,
      applyToIndex: dto.applyToIndex,
      builtins: withAllBuiltins(dto.builtins.map(({ detector, enabled, action }) => ({ detector, enabled, action }))),
      custom: dto.custom.map(({ name, pattern, caseInsensitive, enabled, action }) => ({
        name,
        pattern,
        caseInsensitive,
        enabled,
        action,
      })),
    };
    await this.transactions.run(async () => {
      await this.policies.save(after);
      await this.audit.record({ action: 'masking.rules_updated', entityType: 'masking_policy', metadata: { from: before, to: after } });
      // The knowledge base re-indexes when what it stores changes: masked or not, or masked with other rules.
      if (indexRulesChanged(before, after)) {
        const principal = RequestContext.principal();
        await this.events.publish(
          domainEvent({
            type: MaskingEvents.indexRulesChanged,
            tenantId: RequestContext.tenantId(),
            entityId: RequestContext.tenantId(),
            version: 0,
            actorUserId: principal?.userId ?? null,
            data: { applyToIndex: after.applyToIndex },
          }),
        );
      }
    });
    return after;
  }

  /**
   * A session for an export the caller asked to be masked: the rules apply even when masking of remote calls is
   * off, since asking for a masked file is asking for them.
   */
  async exportSession(): Promise<MaskingSession> {
    return new MaskingSession(compilePolicy({ ...(await this.policy()), enabled: true }));
  }

  /** What the caller's tenant's rules do to `text`, whether or not masking is on (`enabled` says which). */
  async preview(text: string): Promise<MaskingPreviewDto> {
    const policy = await this.policy();
    const masked = new MaskingSession(compilePolicy({ ...policy, enabled: true })).mask(text);
    return {
      enabled: policy.enabled,
      masked: masked.text,
      spans: masked.spans.map((span) => ({ ...span, value: text.slice(span.start, span.end) })),
    };
  }
}
