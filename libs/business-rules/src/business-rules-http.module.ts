import { Module } from '@nestjs/common';
import { BusinessRulesModule } from './business-rules.module';

/** The routes of business rules, notifications and data quality, over BusinessRulesModule; the api imports this. */
@Module({
  imports: [BusinessRulesModule],
  controllers: [],
  providers: [],
})
export class BusinessRulesHttpModule {}
