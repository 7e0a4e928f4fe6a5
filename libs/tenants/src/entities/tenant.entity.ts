import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('tenants')
export class Tenant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** CIDRs allowed to use this tenant; empty means any address. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  ipAllowlist: string[];

  /** Whether a meeting that moves to completed is analysed without anyone asking (libs/ai). */
  @Column({ type: 'boolean', default: true })
  autoAnalyseMeetings: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
