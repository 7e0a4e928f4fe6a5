/**
 * An issue's body as Quorum writes it: the action item's description, then a footer GitHub has no field for (the due
 * date), a link back to Quorum and the origin marker as an HTML comment (invisible when rendered):
 *
 *     Ship the report
 *
 *     ---
 *     **Due:** 2027-01-15 · [Open in Quorum](https://quorum.example.com/…)
 *     <!-- quorum-id: 6f1c… -->
 *
 * Reading takes the footer off again, so the description read back equals the one written.
 */
export interface IssueBodyParts {
  description: string | null;
  dueAt: string | null;
  originLocalId: string | null;
}

const MARKER = /<!--\s*quorum-id:\s*([A-Za-z0-9._:-]{1,200})\s*-->\s*$/;
const RULE = /(?:^|\n)[ \t]*---[ \t]*\n/g;
const DUE = /\*{0,2}Due:\*{0,2}\s*(\d{4}-\d{2}-\d{2}(?:T[0-9:.]+Z)?)/;

/** The marker Quorum writes into an issue it created, as searched for by `findPushed`. */
export function originMarker(localId: string): string {
  return `<!-- quorum-id: ${localId} -->`;
}

/** The phrase of the marker a search query names (GitHub's search drops the comment's punctuation). */
export function markerPhrase(localId: string): string {
  return `quorum-id: ${localId}`;
}

export function composeBody(description: string | null, dueAt: string | null, link: string, localId: string): string {
  const due = dueAt && !Number.isNaN(Date.parse(dueAt)) ? `**Due:** ${formatDue(dueAt)} · ` : '';
  const footer = `---\n${due}[Open in Quorum](${link})\n${originMarker(localId)}`;
  const text = normaliseDescription(description);
  return text === null ? footer : `${text}\n\n${footer}`;
}

export function parseBody(body: string | null | undefined): IssueBodyParts {
  const text = (body ?? '').replace(/\r\n?/g, '\n');
  const marker = MARKER.exec(text);
  if (!marker) return { description: normaliseDescription(text), dueAt: null, originLocalId: null };
  const before = text.slice(0, marker.index);
  // The footer starts at the last rule before the marker: a rule inside the description comes before ours.
  let start = -1;
  for (const rule of before.matchAll(RULE)) start = rule.index;
  const footer = start < 0 ? '' : before.slice(start);
  const description = start < 0 ? before : before.slice(0, start);
  const due = DUE.exec(footer);
  return { description: normaliseDescription(description), dueAt: due ? parseDue(due[1]) : null, originLocalId: marker[1] };
}

/** Whitespace around a description is not kept (GitHub's editor trims it too); empty reads as none. */
function normaliseDescription(description: string | null): string | null {
  const text = description?.replace(/\r\n?/g, '\n').trim() ?? '';
  return text === '' ? null : text;
}

/** A date alone when the due time is midnight UTC (how dates are usually given), else the full instant. */
function formatDue(dueAt: string): string {
  const iso = new Date(dueAt).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

function parseDue(text: string): string | null {
  const at = new Date(text.length === 10 ? `${text}T00:00:00.000Z` : text);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}
