/**
 * Titles for action items and decisions, as a person reading a task list or a decision log wants them: the thing to do or
 * the thing chosen, in the words that were said, without the conversation around it. "Sure, I will write the release
 * notes by Friday." → "Write the release notes"; "Linus, could you draft a design for the export button before the next
 * meeting?" → "Draft a design for the export button"; "Then let us go with the fourteenth as the beta release date." →
 * "Go with the fourteenth as the beta release date". The assignee and the due date are fields of their own, so the
 * addressee, the "I will / can you / let's / we need to" frame and (for actions) the deadline phrase are dropped.
 * Nothing is added and no word is changed except one: "we're going with" becomes "go with". Deterministic; never empty
 * (falls back to the sentence with its punctuation tidied) and never longer than {@link MAX_TITLE_CHARS}.
 */

export type ItemKind = 'action' | 'decision';

export interface ItemTitleOptions {
  /** Actions lose their deadline phrase (the due date is a field); a decision's date is what was decided. */
  kind?: ItemKind;
  /** Participants' names: "Ada, can you…" and "Ada will…" lose the name (it is the assignee). */
  names?: readonly string[];
}

/** A soft cut, at a word, for long sentences; a title is never longer than this. */
export const MAX_TITLE_CHARS = 140;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SEP = String.raw`[\s,;:.!?…-]*`;

/** Words that hold the floor or answer the previous speaker before the sentence starts. */
const DISCOURSE = new RegExp(
  String.raw`^(?:so|okay|ok|and|but|well|right|alright|all right|yeah|yes|yep|sure|now|then|um|uh|er|erm|oh|like|anyway|anyways|also|actually|basically|in that case|in the meantime|meanwhile|after that|as well as that|otherwise|i mean|you know|of course|firstly|secondly|finally|lastly|hmm+|mm+)\b${SEP}|^(?:first|second|next|great|good|fine|cool|perfect|excellent)[,.!]\s*`,
  'i',
);

/** Hedges that open a proposal ("I think we should…"). */
const HEDGE = new RegExp(
  String.raw`^(?:i think|i guess|i suppose|i believe|i reckon|i'd say|i would say|i feel like|maybe|perhaps|probably|it seems like|it looks like|looks like|it sounds like|sounds like)(?: that)?\b${SEP}`,
  'i',
);

const SUBJECT = String.raw`(?:i|we|you(?: all| guys| two| both| three)?|someone|somebody|everyone|everybody|one of us|each of us)`;
/** What can stand between a subject and the verb of the task: modals, "going to", "need to", "just"… */
const MODAL_PART = String.raw`(?:'ll|'d|'m|'re|'ve| will| would| shall| can| could| should| must| might| may| am| are| is| have| has| also| just| then| still| definitely| certainly| probably| maybe| all| now| quickly| first| really| actually| need to| needs to| have to| has to| got to| gotta| want to| wants to| wanna| like to| try to| try and| be able to| going to| gonna| supposed to| meant to| planning to| planning on| hoping to| trying to| aiming to| expected to| asked to| agreed to| decided to| promised to| offered to)`;
/** …ending on a real modal: "we are" or "you have" alone is a statement ("we are happy with it"), not a frame. */
const MODAL = String.raw`${MODAL_PART}*(?:'ll|'d| will| would| shall| can| could| should| must| might| may| also| just| then| still| definitely| certainly| probably| maybe| really| need to| needs to| have to| has to| got to| gotta| want to| wants to| wanna| like to| try to| try and| be able to| going to| gonna| supposed to| meant to| planning to| planning on| hoping to| trying to| aiming to| expected to| asked to| agreed to| decided to| promised to| offered to)`;
/** "I'll", "you need to", "we're going to", "someone has to": the subject and modal frame of a commitment or obligation. */
const SUBJECT_FRAME = new RegExp(String.raw`^${SUBJECT}${MODAL}(?: all| both)?(?![\w'])${SEP}`, 'i');

/** Leading frames, tried in this order until none applies. */
const FRAMES: readonly RegExp[] = [
  // Requests: "can you", "could you please", "would you guys".
  new RegExp(
    String.raw`^(?:can|could|would|will) (?:you|we|someone|somebody|one of you)(?: all| guys| two| both)?(?: please| maybe| perhaps| also| just| then| quickly| first)*\b${SEP}`,
    'i',
  ),
  // "What I'd like you to do is…", "I want you guys to…", "I need everyone to…".
  new RegExp(
    String.raw`^(?:what )?(?:i|we)(?:'d| would)? (?:like|want|need|ask) (?:you|us|everyone|everybody|each of you|both of you)(?: all| guys| two| both)? to(?: do)?(?: is)?(?: to)?\b${SEP}`,
    'i',
  ),
  // "Let's", "let us".
  new RegExp(String.raw`^let(?:'s| us)(?: just| also| then| maybe| all| now| quickly| first)*\b${SEP}`, 'i'),
  // The decision itself: "we decided to", "it's been agreed that", "we've worked out that", "the decision is to".
  new RegExp(
    String.raw`^(?:(?:we|you|they|everyone|everybody|it)(?:'ve| have|'re| are| had|'s| is| was)?(?: been)?(?: all| pretty much| basically| finally| just| now| already)* (?:decided|agreed|settled|chosen|concluded|worked out|figured out|sorted out)|(?:the|our) (?:decision|conclusion|agreement|plan) (?:is|was|will be))(?: on| upon| that| to| is)?\b${SEP}`,
    'i',
  ),
  // Proposals: "I suggest we", "I propose that", "how about", "what about".
  new RegExp(String.raw`^(?:i|we)(?:'d| would)? (?:suggest|propose|recommend)(?: that)?(?: we| you)?\b${SEP}`, 'i'),
  new RegExp(String.raw`^(?:how|what) about\b${SEP}`, 'i'),
  // Task words: "the next step is to", "your job is to", "the action item is".
  new RegExp(
    String.raw`^(?:the|your|our|my) (?:next step|job|task|action item|action|homework|assignment|to-?do|plan|idea)(?: for \w+)? (?:is|will be|would be)(?: to| that)?\b${SEP}`,
    'i',
  ),
  new RegExp(String.raw`^please\b${SEP}`, 'i'),
  SUBJECT_FRAME,
];

/** A deadline at the end of an action ("by Friday", "before the next meeting", "tomorrow"): the due date is a field. */
const DAY = String.raw`(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)`;
const MONTH = String.raw`(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)`;
const ORDINAL = String.raw`(?:\d{1,2}(?:st|nd|rd|th)|(?:twenty|thirty)?[- ]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth))`;
const PART_OF_DAY = String.raw`(?: (?:morning|afternoon|evening|night|lunch(?:time)?|noon|midday|eod|at \d{1,2}(?::\d\d)?(?: ?[ap]\.?m\.?)?))?`;
const WHEN = String.raw`(?:(?:the )?end of (?:the |this |next )?(?:day|week|month|year|sprint|quarter)|(?:the |our )?next (?:meeting|session|call|time|week|month|sprint|${DAY})|(?:this |next |on )?${DAY}${PART_OF_DAY}(?: (?:the )?${ORDINAL})?|tomorrow${PART_OF_DAY}|tonight|today|(?:the )?${ORDINAL}(?: of ${MONTH})?|${MONTH} (?:the )?(?:${ORDINAL}|\d{1,2})|\d{1,2}(?::\d\d)? ?(?:[ap]\.?m\.?|o'clock)|noon|midday|close of business|eod|cob)`;
const DEADLINE = new RegExp(
  String.raw`(?:,?\s+(?:(?:by|before|until|till|no later than|ahead of|in time for|for|on)\s+${WHEN}|(?:tomorrow${PART_OF_DAY}|tonight|today|later today|this week|next week|this afternoon|this evening|as soon as possible|asap|in the next (?:few|couple of|\w+) (?:days|hours|weeks)|end of (?:day|week)|eod|eow)))$`,
  'i',
);

/** Tags and softeners at the end: "…, okay?", "…, please", "…, then", "…, if you can". */
const TRAILING_TAG = new RegExp(
  String.raw`(?:,?\s+(?:okay|ok|right|yeah|alright|all right|then|please|i guess|i think|i suppose|you know|if you can|if you could|if possible|if that's (?:okay|ok|alright|fine)|for me|for us|as well|too|yeah|eh|hmm+|as i said)|,\s*(?:thanks|thank you|again))$`,
  'i',
);
/** Words a sentence cut off mid-way ends on ("…the buttons and", "…is that sort of the"). */
const DANGLING = /\s+(?:and|or|but|so|because|'cause|cause|the|a|an|um|uh|like|sort of|kind of|you know)$/i;
/** Fillers anywhere, which no reader of a task list needs. */
const FILLERS =
  /(?:,\s*)?\b(?:you know|i mean|(?<!\b(?:some|a|any|what|this|that|the|one|which|no|every|different|same|other) )(?:kind|sort) of|basically|um|uh|erm)\b(?:\s*,)?/gi;
/** A question that stays a question (it was not turned into a task): its "?" is kept. */
const QUESTION_START =
  /^(?:what|where|when|who|whom|whose|why|how|which|do|does|did|is|are|was|were|can|could|would|will|should|shall|have|has|had)\b/i;
/** A request to someone, who may be named at the end ("…, Raj?"). */
const REQUEST_WORDS = /\b(?:(?:can|could|would|will) you|please)\b/i;
/** The words a request or commitment opens with, after a name used to address someone ("Ada, can you…"). */
const AFTER_VOCATIVE =
  /^(?:can|could|would|will|you|you'll|you're|please|i|i'll|i'm|we|we'll|let's|let|make|send|do|check|write|draft|prepare|take|get|put|look|have|go)\b/i;

function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:.!?…-]+/, '')
    .replace(/[\s,;:.!?…-]+$/, '')
    .trim();
}

function stripLeading(text: string, names: readonly RegExp[]): string {
  let t = text;
  for (let round = 0; round < 12; round++) {
    const before = t;
    t = t.replace(DISCOURSE, '').replace(HEDGE, '');
    // A name used to address someone: "Linus, could you…" (a capitalised word and a comma before a request), or a
    // participant's name as the subject of the task ("Ada will…", "Ada, you'll…").
    const vocative =
      /^[A-Z][\w'-]*,\s*/.exec(t) ?? /^[A-Z][a-z'-]+ (?=you(?:'ll|'re| will| are| need| have| should| can| could)\b)/.exec(t);
    const rest = vocative ? t.slice(vocative[0].length) : '';
    if (AFTER_VOCATIVE.test(rest) && rest.split(' ').length >= 2) t = rest;
    for (const name of names) t = t.replace(name, '');
    for (const frame of FRAMES) {
      const next = t.replace(frame, '');
      if (next !== t && /[a-z0-9]/i.test(next)) {
        t = next;
        break;
      }
    }
    // "be working on" → "working on"; "we're going with" → "go with".
    t = t
      .replace(/^be (?:just |also |still |really )?(?=\w+ing\b)/i, '')
      .replace(
        /^(?:(?:we|i|you)(?:'re| are|'m| am)(?: all| now| just| then| probably| definitely)? )?(?:going|gonna go) (with|for)\b/i,
        'go $1',
      );
    if (t === before) break;
  }
  return t;
}

function stripTrailing(text: string, kind: ItemKind, names: readonly string[], addressed: boolean): string {
  let t = text;
  for (let round = 0; round < 8; round++) {
    const before = t;
    t = t.replace(/[\s,;:.!?…-]+$/, '');
    t = t.replace(TRAILING_TAG, '');
    for (const name of names) t = t.replace(new RegExp(String.raw`,\s*${escape(name)}$`, 'i'), '');
    // "…, please, Raj?": a request ending on a capitalised word after a comma ends on the name of the one asked.
    if (addressed) t = t.replace(new RegExp(String.raw`,\s*(?!(?:${DAY}|${MONTH})\b)[A-Z][a-z'-]+$`), '');
    if (kind === 'action') t = t.replace(DEADLINE, '');
    t = t.replace(DANGLING, '');
    if (t === before) break;
  }
  return t;
}

function cut(text: string): string {
  if (text.length <= MAX_TITLE_CHARS) return text;
  const at = text.lastIndexOf(' ', MAX_TITLE_CHARS - 1);
  return `${text.slice(0, at > 40 ? at : MAX_TITLE_CHARS - 1).replace(/[\s,;:]+$/, '')}…`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The title of an action item or a decision said as `sentence`. */
export function itemTitle(sentence: string, options: ItemTitleOptions = {}): string {
  const kind = options.kind ?? 'action';
  const firstNames = [...new Set((options.names ?? []).map((n) => n.trim().split(/\s+/)[0] ?? '').filter((n) => n.length >= 2))];
  const nameSubjects = firstNames.map(
    (n) => new RegExp(String.raw`^${escape(n)}(?:,\s*|${MODAL}(?![\w'])${SEP}|\s+(?=(?:can|could|please)\b))`, 'i'),
  );
  const original = tidy(sentence);
  const wasQuestion = /\?\s*$/.test(sentence);
  let t = original.replace(FILLERS, (match) => (/^,/.test(match) && /,$/.test(match) ? ',' : ' ')).replace(/\s{2,}/g, ' ');
  t = tidy(t);
  t = stripLeading(t, nameSubjects);
  t = stripTrailing(t, kind, firstNames, REQUEST_WORDS.test(original));
  t = tidy(t.replace(/\s+([,;:])/g, '$1').replace(/([,;:])(?:\s*[,;:])+/g, '$1'));
  if (!/[a-z0-9]/i.test(t)) t = original;
  if (!/[a-z0-9]/i.test(t)) t = sentence.trim() || '(untitled)';
  if (wasQuestion && QUESTION_START.test(t)) t = `${t}?`;
  return cut(capitalise(t));
}
