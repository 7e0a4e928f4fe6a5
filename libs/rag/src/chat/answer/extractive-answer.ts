import type { RetrievedPassageDto } from '../../retrieval/dto/rag-query.dto';
import { answersType, askedType, type AnswerType } from './answer-type';

/** What the local answer says when the passages hold nothing that matches the question. */
export const NOTHING_FOUND = 'I found nothing in the knowledge base about that.';

const STOP = new Set(
  'a an and are as at be but by did do does for from had has have how i in is it its me my of on or our so that the their them then there these they this to was we were what when where which who why will with you your about can could would should shall may might must any some all not no yes'.split(
    ' ',
  ),
);

const terms = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP.has(w))
    // A light stem, so "rotate" finds "rotates" and "failing" finds "fails".
    .map((w) => w.replace(/(ing|ed|es|s)$/, '') || w);

/** A line's leading label: the speaker of a transcript turn, or what an analysis passage is ("Action item: …"). */
const LABEL = /^([^:\n]{1,60}):\s+/;

/**
 * A passage's sentences of at least three words. A transcript's keep their speaker, each of them, so that the second
 * sentence of a turn is not read as said by nobody; other sources' labels are dropped.
 */
function sentencesOf(passage: RetrievedPassageDto): string[] {
  const transcript = passage.citation.sourceType === 'transcript';
  return passage.text.split(/\n+/).flatMap((line) => {
    const label = LABEL.exec(line);
    const speaker = transcript && label ? `${label[1]}: ` : '';
    return line
      .slice(label ? label[0].length : 0)
      .split(/(?<=[.!?])\s+/)
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence.split(/\s+/).length >= 3)
      .map((sentence) => speaker + sentence);
  });
}

/**
 * The parts of a question ("when do we launch", "who writes the notes"), each with its content words and the type of
 * answer its wording asks for. A part with no content word of its own ("when and where do we meet") hands its type on
 * to the next.
 */
function questionParts(question: string): { terms: Set<string>; type?: AnswerType }[] {
  const parts: { terms: Set<string>; type?: AnswerType }[] = [];
  let pending: AnswerType | undefined;
  for (const clause of question.split(/[,;?]|\b(?:and|also|plus)\b/i)) {
    const type = askedType(clause) ?? pending;
    const clauseTerms = new Set(terms(clause));
    if (clauseTerms.size === 0) {
      pending = type;
      continue;
    }
    parts.push({ terms: clauseTerms, type });
    pending = undefined;
  }
  return parts;
}

/**
 * The offline answer: up to `maxSentences` sentences of the retrieved passages, each sharing at least one content
 * word with the question, in the passages' rank order, each followed by its passage's number. They are picked one at
 * a time, first by how many parts of the question not answered yet they answer: a sentence answers a part when it
 * shares one of the part's words and, where the part asks "when" or "how much", also names a date, a time or a
 * duration, or an amount (so "when do we launch?" gets "we launch on January 15th", not "we need to settle the launch
 * date"). Then by the question's words not covered yet (so "when do we launch and what is the budget cap?" gets the
 * launch date and the cap, not two sentences about the launch), then by the words shared, then by the better-ranked
 * passage. The same words said twice (a transcript sentence and the analysis summary quoting it) count once.
 * Extractive, so every sentence is something a source says; deterministic for the same passages.
 */
export function extractiveAnswer(question: string, passages: readonly RetrievedPassageDto[], maxSentences = 3): string {
  const parts = questionParts(question);
  const wanted = new Set(parts.flatMap((part) => [...part.terms]));
  if (wanted.size === 0) return NOTHING_FOUND;
  const candidates: { text: string; n: number; shared: Set<string>; answers: number[]; order: number }[] = [];
  const seen = new Set<string>();
  passages.forEach((passage, i) => {
    for (const sentence of sentencesOf(passage)) {
      const words = sentence
        .replace(LABEL, '')
        .toLowerCase()
        .normalize('NFKC')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
      if (seen.has(words)) continue;
      seen.add(words);
      const shared = new Set(terms(sentence).filter((t) => wanted.has(t)));
      if (shared.size === 0) continue;
      // The type is read without the speaker's label: a person called June names no date.
      const said = sentence.replace(LABEL, '');
      const answers = parts.flatMap((part, k) =>
        [...part.terms].some((t) => shared.has(t)) && (!part.type || answersType(said, part.type)) ? [k] : [],
      );
      candidates.push({ text: sentence, n: i + 1, shared, answers, order: candidates.length });
    }
  });
  if (candidates.length === 0) return NOTHING_FOUND;
  const covered = new Set<string>();
  const answered = new Set<number>();
  const chosen: typeof candidates = [];
  const rest = [...candidates];
  type Candidate = (typeof candidates)[number];
  // Compared in order: parts newly answered, words newly covered, words shared, then the better rank.
  const key = (c: Candidate) => [
    c.answers.filter((k) => !answered.has(k)).length,
    [...c.shared].filter((t) => !covered.has(t)).length,
    c.shared.size,
    -c.n,
  ];
  const better = (a: Candidate, b: Candidate) => {
    const [ka, kb] = [key(a), key(b)];
    const i = ka.findIndex((v, j) => v !== kb[j]);
    return i >= 0 && kb[i] > ka[i] ? b : a;
  };
  while (chosen.length < maxSentences && rest.length) {
    const best = rest.reduce(better);
    chosen.push(best);
    rest.splice(rest.indexOf(best), 1);
    for (const t of best.shared) covered.add(t);
    for (const k of best.answers) answered.add(k);
  }
  return cite(chosen.sort((a, b) => a.order - b.order));
}

/**
 * The chosen sentences as the answer's text, each followed by its passage's number; but sentences in a row that one
 * speaker said in one passage read as one quote, with the speaker's label and the number once.
 */
function cite(sentences: readonly { text: string; n: number }[]): string {
  const label = (text: string) => LABEL.exec(text)?.[0];
  const goesOn = (a: { text: string; n: number } | undefined, b: { text: string; n: number } | undefined) =>
    a !== undefined && b !== undefined && a.n === b.n && label(a.text) !== undefined && label(a.text) === label(b.text);
  let answer = '';
  sentences.forEach((sentence, i) => {
    const said = goesOn(sentences[i - 1], sentence) ? sentence.text.slice(label(sentence.text)!.length) : sentence.text;
    answer += `${i ? ' ' : ''}${/[.!?]$/.test(said) ? said : `${said}.`}`;
    if (!goesOn(sentence, sentences[i + 1])) answer += ` [${sentence.n}]`;
  });
  return answer;
}
