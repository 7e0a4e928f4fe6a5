import { Column } from 'typeorm';

/** numeric comes back from pg as a string, to keep its precision; amounts here are small enough for a double. */
const usdTransformer = { to: (value: number) => value, from: (value: string | null) => (value === null ? 0 : Number(value)) };

/** An amount in USD as AI costs are kept: 8 decimals (a fraction of a cent per call adds up), read as a number. */
export const UsdColumn = (): PropertyDecorator =>
  Column({ type: 'numeric', precision: 14, scale: 8, default: 0, transformer: usdTransformer });
