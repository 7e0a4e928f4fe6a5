export interface EmbeddingsResult {
  vectors: number[][];
  /** The model that answered, as the provider names it. */
  model: string;
  dimension: number;
  /** Input tokens as the provider reports them, when it does. */
  tokensIn?: number;
}

export interface EmbeddingsCapability {
  embed(model: string, texts: string[]): Promise<EmbeddingsResult>;
}
