import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';
import { type Repository } from 'typeorm';
import { User } from './entities/user.entity';

/** Accounts. Users span tenants, so this is not tenant-scoped; the password hash is read only where a password is checked. */
@Injectable()
export class UsersRepository {
  constructor(private readonly transactions: Transactions) {}

  private get users(): Repository<User> {
    return this.transactions.manager.getRepository(User);
  }

  /** The account with this email, with its password hash. */
  findByEmailWithPassword(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
  }

  /** The account, with its password hash. */
  getWithPassword(id: string): Promise<User> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOneOrFail();
  }

  getById(id: string): Promise<User> {
    return this.users.findOneByOrFail({ id });
  }

  existsByEmail(email: string): Promise<boolean> {
    return this.users.existsBy({ email });
  }

  insert(data: Pick<User, 'email' | 'name' | 'passwordHash'>): Promise<User> {
    return this.users.save(this.users.create(data));
  }

  async setPasswordHash(id: string, passwordHash: string, changed: boolean): Promise<void> {
    await this.users.update({ id }, changed ? { passwordHash, passwordChangedAt: new Date() } : { passwordHash });
  }
}
