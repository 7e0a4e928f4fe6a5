import { Injectable } from '@nestjs/common';
import { ProvidedSource } from './provided-source';

/** Masks one text of an export; the same value gets the same replacement across the whole file. */
export type TextMasker = (text: string) => string;
/** A masker for the caller's tenant and one export, with the tenant's rules. */
export type ExportMaskerSource = () => Promise<TextMasker>;

/**
 * Where `?masked=true` exports get their masker. The AI module owns the masking rules and depends on this one,
 * not the other way round, so it provides the source when it is loaded; without it a masked export is refused.
 */
@Injectable()
export class ExportMaskerRegistry extends ProvidedSource<ExportMaskerSource> {
  protected readonly purpose = "the exports' masker";

  /** A masker for one export, or null when no module provides masking. */
  masker(): Promise<TextMasker | null> {
    return this.provided ? this.provided() : Promise.resolve(null);
  }
}
