/** Where a rule found a value in a text: UTF-16 offsets, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** Finds the values of one kind in a text; every detector, built in or custom, is one of these. */
export interface Detector {
  /** The rule's id: a built-in detector's name or a custom rule's name. */
  readonly id: string;
  /** The placeholder's stem, e.g. EMAIL for `[EMAIL_1]`. */
  readonly label: string;
  find(text: string): Span[];
}
