export * from './analysis-events';
export * from './analysis.module';
export * from './analysis.service';
export * from './dto/meeting-analysis.dto';
export { ANALYSIS_KINDS, type AnalysisKind } from './entities/meeting-analysis.entity';
export { LOCAL_ANALYSIS_MODEL } from '../providers/offline-models';
