import type { PassageCitationDto } from '../../retrieval/dto/rag-query.dto';

/** A passage an answer cites as [n]: its number in the answer, the passage and where it comes from. */
export interface Citation extends PassageCitationDto {
  n: number;
  passageId: string;
  /** The passage's text, trimmed, so a reader sees what supports the claim without another request. */
  quote: string;
}
