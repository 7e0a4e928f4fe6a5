/** Why a document could not be read; the message is for the tenant (a document's `failed` reason). */
export class DocumentExtractionError extends Error {}
