import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ExportMaskerRegistry } from '@quorum/meetings';
import { MaskingService } from './masking.service';

/**
 * Lends the meetings module's exports (`?masked=true`) the tenant's rules, through its registry, since meetings
 * cannot import this library. One session per export, so a value reads the same everywhere in the file.
 */
@Injectable()
export class ExportMaskingProvider implements OnModuleInit {
  constructor(
    private readonly registry: ExportMaskerRegistry,
    private readonly masking: MaskingService,
  ) {}

  onModuleInit(): void {
    this.registry.provide(async () => {
      const session = await this.masking.exportSession();
      return (text) => session.mask(text).text;
    });
  }
}
