import { Injectable, Logger } from '@nestjs/common';
import {
  type AiCapability,
  type AiTask,
  AppConfig,
  LOCAL_MODEL,
  type ProviderRef,
  RequestContext,
  TASK_CAPABILITY,
} from '@quorum/platform';
import { z } from 'zod';
import { maskChatRequest } from '../masking/engine/mask-chat-request';
import { MaskingSession } from '../masking/engine/masking-session';
import { MaskingService } from '../masking/masking.service';
import { AiBudgetService } from '../usage/ai-budget.service';
import { AiUsageService } from '../usage/ai-usage.service';
import { type MeteredUsage } from '../usage/cost';
import { estimateTokens } from '../usage/token-estimate';
import { AiMetrics } from './ai-metrics';
import { type AiCallInfo, ChainWalk, definedOnly } from './chain-walk';
import type { AiProvider } from './capabilities/ai-provider';
import type { ChatCapability, ChatEvent, ChatRequest } from './capabilities/chat.capability';
import type { EmbeddingsResult } from './capabilities/embeddings.capability';
import type { TranscriptionRequest, TranscriptionResult } from './capabilities/transcription.capability';
import { checkJsonAnswer } from './extraction/parse-json-answer';
import { buildPrompt, type PromptInput } from './prompt/build-prompt';
import { ProviderRegistry } from './provider-registry';
import type { AttemptProbe } from './resilience/attempt-probe';
import { abortReason, callWithRetries } from './resilience/call-with-retries';
import { classifyFailure } from './resilience/classify-failure';
import { ProviderCallError } from './resilience/provider-call.error';

/** Who a call is for; by default the caller of the current request or job (RequestContext). */
export interface AiCaller {
  tenantId: string;
  userId?: string | null;
}

export type ChatAnswer = AiCallInfo & { text: string };
export type ExtractionAnswer<T> = AiCallInfo & { data: T };
export type EmbeddingsAnswer = AiCallInfo & Omit<EmbeddingsResult, 'model' | 'tokensIn'>;
export type TranscriptionAnswer = AiCallInfo & TranscriptionResult;

/** A streamed answer: iterate for the text as it comes; `info` settles once the stream has ended. */
export interface ChatStream extends AsyncIterable<string> {
  readonly info: Promise<AiCallInfo>;
}

export interface ExtractionRequest<T> extends PromptInput {
  schema: z.ZodType<T>;
  maxTokens?: number;
  /** Walk these providers instead of the task's configured chain (a caller who asked for one provider); `local` is appended. */
  providers?: readonly ProviderRef[];
}

/** A model's text never needs a NUL, and PostgreSQL text and jsonb refuse one: it is dropped as it arrives. */
function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

const LOCAL_REF: ProviderRef = { provider: 'local', model: LOCAL_MODEL };

interface Metered<T> {
  value: T;
  usage: MeteredUsage;
}

type Capability<C extends AiCapability> = NonNullable<
  AiProvider[C extends 'chat' ? 'chat' : C extends 'embeddings' ? 'embeddings' : 'transcription']
>;

/**
 * The AI module's one way out: every call names a task, walks that task's provider chain (AI_<TASK>_PROVIDER,
 * ending in `local`), and for each remote provider checks the tenant's budget and the provider's circuit,
 * calls with a deadline and retries, then records an `ai_usage` row and metrics for the provider's part.
 * The first provider that answers wins; when none does, AiUnavailableError says why.
 */
@Injectable()
export class AiService {
  private readonly logger = new Logger('AI');

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ProviderRegistry,
    private readonly usage: AiUsageService,
    private readonly budget: AiBudgetService,
    private readonly metrics: AiMetrics,
    private readonly masking: MaskingService,
  ) {}

  /** A whole chat answer (summaries, free text). */
  async complete(task: AiTask, request: ChatRequest, caller?: AiCaller): Promise<ChatAnswer> {
    const masking = await this.maskingFor(caller, this.config.ai.chains[task]);
    const masked = masking && maskChatRequest(masking, request);
    const answer = await this.walk(task, 'chat', caller, undefined, async (chat, model, probe, provider) => {
      if (!masked || provider === 'local') return this.collect(chat, model, request, probe);
      const metered = await this.collect(chat, model, masked, probe);
      return { ...metered, value: masking.unmask(metered.value) };
    });
    return { ...answer.info, text: answer.value };
  }

  /**
   * A chat answer streamed as text deltas. Until the first delta arrives, failures are retried and fall
   * back along the chain like any call; after it, a failure ends the stream with the error (text already
   * delivered cannot be taken back, so there is no silent switch to another provider mid-answer).
   *
   * Aborting `signal` ends the provider's HTTP exchange at once, even one that has sent nothing yet or
   * stalls mid-stream, and the stream (and `info`) rejects with the signal's reason. A cancel is the
   * caller's choice, not the provider's failure: no retry, no fallback, nothing against its circuit; its
   * usage row is written as the provider's part so far, with `failure: 'cancelled'`.
   */
  stream(task: AiTask, request: ChatRequest, caller?: AiCaller, signal?: AbortSignal): ChatStream {
    let settle!: { resolve: (info: AiCallInfo) => void; reject: (error: unknown) => void };
    const info = new Promise<AiCallInfo>((resolve, reject) => (settle = { resolve, reject }));
    // Read only through the iterator; a consumer that never awaits `info` must not see an unhandled rejection.
    info.catch(() => undefined);
    const generator = this.streamChain(task, request, caller, settle, signal);
    return { info, [Symbol.asyncIterator]: () => generator };
  }

  /**
   * Structured output: the model is asked for JSON matching `schema` (its JSON Schema is in the prompt),
   * the answer is parsed and validated, and on a mismatch asked once more with the validation error.
   * Nothing unvalidated is ever returned; a provider whose second answer still fails counts as failed,
   * and the chain moves on. Untrusted text goes only in `data`, delimited (prompt/build-prompt.ts).
   */
  async extract<T>(task: AiTask, request: ExtractionRequest<T>, caller?: AiCaller): Promise<ExtractionAnswer<T>> {
    const schemaText = JSON.stringify(z.toJSONSchema(request.schema));
    const prompt = buildPrompt({
      ...request,
      instructions: `${request.instructions.trim()}\n\nAnswer with one JSON value only, no prose and no Markdown, matching this JSON Schema:\n${schemaText}`,
    });
    const masking = await this.maskingFor(caller, this.chainOf(task, request.providers));
    const plain: ChatRequest = { ...prompt, json: true, maxTokens: request.maxTokens, temperature: 0 };
    const masked = masking && maskChatRequest(masking, plain);
    const answer = await this.walk(task, 'chat', caller, request.providers, async (chat, model, probe, provider) => {
      // The retry below quotes the provider's own answer back to it: masked text it already has.
      const chatRequest = masked && provider !== 'local' ? masked : plain;
      const first = await this.collect(chat, model, chatRequest, probe);
      const check = checkJsonAnswer(first.value, request.schema);
      if (check.ok) return { value: check.value, usage: first.usage };
      probe.arm(this.config.ai.timeoutMs);
      const retry = await this.collect(
        chat,
        model,
        {
          ...chatRequest,
          messages: [
            ...chatRequest.messages,
            { role: 'assistant', content: first.value },
            { role: 'user', content: `${check.error} Answer again with only the corrected JSON.` },
          ],
        },
        probe,
      );
      const usage = { tokensIn: first.usage.tokensIn + retry.usage.tokensIn, tokensOut: first.usage.tokensOut + retry.usage.tokensOut };
      const second = checkJsonAnswer(retry.value, request.schema);
      if (second.ok) return { value: second.value, usage };
      throw Object.assign(new ProviderCallError(provider, 'invalid-output', `${provider}: ${second.error}`), { usage });
    });
    // Placeholders are put back after validation, string by string, so a value with quotes cannot break the JSON.
    return { ...answer.info, data: masking && answer.info.provider !== 'local' ? masking.unmaskDeep(answer.value) : answer.value };
  }

  /**
   * Vectors for `texts`. `providers` walks those instead of the task's chain (`local` appended), for a caller that
   * must compare vectors of one model only (the knowledge base's dense leg): it checks which provider answered.
   */
  async embed(texts: string[], caller?: AiCaller, providers?: readonly ProviderRef[]): Promise<EmbeddingsAnswer> {
    const rules = this.hasRemote(this.chainOf('embeddings', providers)) ? await this.masking.rules(this.callerOf(caller).tenantId) : [];
    // A session per text: an e-mail address is `[EMAIL_1]` in every passage and question alike, so vectors stay comparable.
    const masked = rules.length ? texts.map((text) => new MaskingSession(rules).mask(text).text) : texts;
    const answer = await this.walk('embeddings', 'embeddings', caller, providers, async (embeddings, model, _probe, provider) => {
      const result = await embeddings.embed(model, provider === 'local' ? texts : masked);
      if (result.vectors.length !== texts.length) throw new Error(`${result.vectors.length} vectors for ${texts.length} texts`);
      const tokensIn = result.tokensIn ?? (await estimateTokens(texts.join('\n')));
      return { value: result, usage: { tokensIn, tokensOut: 0 } };
    });
    const { vectors, dimension } = answer.value;
    return { ...answer.info, model: answer.value.model, vectors, dimension };
  }

  async transcribe(request: TranscriptionRequest, caller?: AiCaller): Promise<TranscriptionAnswer> {
    const answer = await this.walk('transcription', 'transcription', caller, undefined, async (transcription, model) => {
      const result = await transcription.transcribe(model, request);
      return {
        value: result,
        usage: {
          tokensIn: result.tokensIn ?? 0,
          tokensOut: result.tokensOut ?? (await estimateTokens(result.text)),
          audioSeconds: result.durationSeconds,
        },
      };
    });
    return { ...answer.value, ...answer.info };
  }

  /** Reads a chat stream to its end under the attempt's deadline (re-armed by each event), counting tokens. */
  private async collect(chat: ChatCapability, model: string, request: ChatRequest, probe: AttemptProbe): Promise<Metered<string>> {
    let text = '';
    const reported: { tokensIn?: number; tokensOut?: number } = {};
    for await (const event of chat.chat(model, request, probe.signal)) {
      probe.arm(this.config.ai.timeoutMs);
      if (event.type === 'text') text += withoutNul(event.text);
      else Object.assign(reported, definedOnly(event));
    }
    probe.throwIfAborted();
    return { value: text, usage: await this.tokenUsage(request, text, reported) };
  }

  private async tokenUsage(request: ChatRequest, text: string, reported: { tokensIn?: number; tokensOut?: number }): Promise<MeteredUsage> {
    return {
      tokensIn: reported.tokensIn ?? (await estimateTokens([request.system ?? '', ...request.messages.map((m) => m.content)].join('\n'))),
      tokensOut: reported.tokensOut ?? (await estimateTokens(text)),
    };
  }

  /** The chain a call walks: the task's, or the caller's providers with `local` appended. */
  private chainOf(task: AiTask, providers?: readonly ProviderRef[]): readonly ProviderRef[] {
    return providers ? [...providers.filter((ref) => ref.provider !== 'local'), LOCAL_REF] : this.config.ai.chains[task];
  }

  private hasRemote(chain: readonly ProviderRef[]): boolean {
    return chain.some((ref) => ref.provider !== 'local');
  }

  /**
   * The masking of one call, or null when nothing needs it: a chain of `local` alone never sends text out of the
   * process, and a tenant may have turned masking off. Read before the walk, so a failure to read the rules fails
   * the call rather than letting text out unmasked.
   */
  private async maskingFor(callerHint: AiCaller | undefined, chain: readonly ProviderRef[]): Promise<MaskingSession | null> {
    if (!this.hasRemote(chain)) return null;
    const session = await this.masking.session(this.callerOf(callerHint).tenantId);
    return session.active ? session : null;
  }

  private callerOf(caller?: AiCaller): { tenantId: string; userId: string | null } {
    if (caller) return { tenantId: caller.tenantId, userId: caller.userId ?? null };
    const principal = RequestContext.caller();
    return { tenantId: principal.tenantId, userId: principal.userId };
  }

  /** The walk along a task's chain that every non-streamed call shares. */
  private async walk<C extends AiCapability, T>(
    task: AiTask,
    capability: C,
    callerHint: AiCaller | undefined,
    providers: readonly ProviderRef[] | undefined,
    call: (impl: Capability<C>, model: string, probe: AttemptProbe, provider: ProviderRef['provider']) => Promise<Metered<T>>,
  ): Promise<{ value: T; info: AiCallInfo }> {
    const walk = this.startWalk(task, capability, callerHint);
    const chain = this.chainOf(task, providers);
    for (const ref of chain) {
      const impl = await walk.admit<Capability<C>>(ref);
      if (!impl) continue;
      const started = performance.now();
      try {
        const { value: metered } = await this.attempt(ref, (probe) => call(impl, ref.model, probe, ref.provider));
        const info = await walk.succeeded(ref, metered.usage, performance.now() - started);
        return { value: metered.value, info };
      } catch (error) {
        await walk.failed(ref, error, performance.now() - started);
      }
    }
    throw walk.exhausted();
  }

  /** One provider's call: remote ones with deadline and retries, `local` directly (it cannot time out on a network). */
  private attempt<T>(ref: ProviderRef, run: (probe: AttemptProbe) => Promise<T>, keepArmed = false, signal?: AbortSignal) {
    const { timeoutMs, maxAttempts } = this.config.ai;
    return callWithRetries(
      ref.provider,
      {
        timeoutMs,
        maxAttempts: ref.provider === 'local' ? 1 : maxAttempts,
        keepArmed,
        signal,
        onRetry: (failure, attempt, delayMs) => {
          this.metrics.retry(ref.provider, failure.kind);
          this.logger.warn(
            { provider: ref.provider, model: ref.model, kind: failure.kind, status: failure.status, attempt, delayMs },
            'AI call retried',
          );
        },
      },
      run,
    );
  }

  private async *streamChain(
    task: AiTask,
    request: ChatRequest,
    callerHint: AiCaller | undefined,
    settle: { resolve: (info: AiCallInfo) => void; reject: (error: unknown) => void },
    signal: AbortSignal | undefined,
  ): AsyncGenerator<string, void, undefined> {
    let walk: ChainWalk;
    let masking: MaskingSession | null;
    try {
      signal?.throwIfAborted();
      walk = this.startWalk(task, 'chat', callerHint);
      masking = await this.maskingFor(callerHint, this.config.ai.chains[task]);
    } catch (error) {
      settle.reject(error);
      throw error;
    }
    const cancelled = async (ref: ProviderRef, started: number, usage: MeteredUsage): Promise<Error> => {
      await walk.cancelled(ref, usage, performance.now() - started);
      const reason = abortReason(signal!);
      settle.reject(reason);
      return reason;
    };
    const masked = masking && maskChatRequest(masking, request);
    for (const ref of this.config.ai.chains[task]) {
      const chat = await walk.admit<ChatCapability>(ref);
      if (!chat) continue;
      const started = performance.now();
      const shield = masking && ref.provider !== 'local' ? masking : null;
      const sent = shield ? masked! : request;
      // Deltas go to the caller unmasked; a placeholder split across deltas is held back until it is whole.
      const unmasker = shield?.streamUnmasker() ?? { push: (delta: string) => delta, end: () => '' };
      const reported: { tokensIn?: number; tokensOut?: number } = {};
      let opened: { iterator: AsyncIterator<ChatEvent>; first: string; probe: AttemptProbe };
      try {
        const result = await this.attempt(
          ref,
          async (probe) => {
            const iterator = chat.chat(ref.model, sent, probe.signal)[Symbol.asyncIterator]();
            for (;;) {
              const next = await iterator.next();
              probe.throwIfAborted();
              if (next.done) return { iterator, first: '' };
              if (next.value.type === 'text') return { iterator, first: withoutNul(next.value.text) };
              Object.assign(reported, definedOnly(next.value));
            }
          },
          true,
          signal,
        );
        opened = { ...result.value, probe: result.probe };
      } catch (error) {
        // The prompt was sent (and is billed by most providers) even when the caller gave up before any answer.
        if (signal?.aborted) throw await cancelled(ref, started, await this.tokenUsage(sent, '', reported));
        await walk.failed(ref, error, performance.now() - started);
        continue;
      }
      let text = opened.first;
      let finished = false;
      let failed = false;
      try {
        const first = unmasker.push(text);
        if (first) yield first;
        for (;;) {
          opened.probe.arm(this.config.ai.timeoutMs);
          const next = await opened.iterator.next();
          opened.probe.throwIfAborted();
          if (next.done) break;
          if (next.value.type === 'usage') Object.assign(reported, definedOnly(next.value));
          else {
            const delta = withoutNul(next.value.text);
            if (!delta) continue;
            text += delta;
            const shown = unmasker.push(delta);
            if (shown) yield shown;
          }
        }
        const rest = unmasker.end();
        if (rest) yield rest;
        finished = true;
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        const failure = classifyFailure(ref.provider, error, opened.probe);
        const interrupted = new ProviderCallError(
          ref.provider,
          'interrupted',
          `${failure.message} (after the stream had started)`,
          failure.status,
          undefined,
          // The classified failure (its kind: a timeout, a cut connection …), which holds the SDK's error as its own cause.
          { cause: failure },
        );
        failed = true;
        await walk.failed(ref, interrupted, performance.now() - started, await this.tokenUsage(sent, text, reported));
        settle.reject(interrupted);
        throw interrupted;
      } finally {
        opened.probe.disarm();
        // A consumer that stopped reading (break, return) ends the exchange, freeing the connection; what it read was billed.
        if (!finished) {
          opened.probe.cancel();
          await opened.iterator.return?.().catch(() => undefined);
        }
        if (!failed) {
          const usage = await this.tokenUsage(sent, text, reported);
          if (!finished && signal?.aborted) await cancelled(ref, started, usage);
          else settle.resolve(await walk.succeeded(ref, usage, performance.now() - started));
        }
      }
      return;
    }
    const error = walk.exhausted();
    settle.reject(error);
    throw error;
  }

  private startWalk(task: AiTask, capability: AiCapability, callerHint?: AiCaller): ChainWalk {
    if (TASK_CAPABILITY[task] !== capability) throw new Error(`task ${task} needs ${TASK_CAPABILITY[task]}, not ${capability}`);
    return new ChainWalk(task, capability, this.callerOf(callerHint), {
      registry: this.registry,
      budget: this.budget,
      usage: this.usage,
      metrics: this.metrics,
      prices: this.config.ai.prices,
      logger: this.logger,
    });
  }
}
