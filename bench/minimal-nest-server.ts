import { createSecretKey } from 'node:crypto';
import {
  BadRequestException,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  Query,
  Req,
  UnauthorizedException,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import { type JwtPayload, verify } from 'jsonwebtoken';
import { Pool } from 'pg';
import { type ListPage, listMeetings, parseLimit, poolOptions, required } from './lib/meetings-list';

/**
 * The framework's own floor for the api's list endpoint: NestJS on Express
 * with one global guard that verifies the bearer JWT as the api does
 * (HS256, issuer `quorum`, audience `quorum-api`, the same JWT_SECRET) and
 * one controller running the same SQL on a pool of the same size, answering
 * the same bytes. No body parser, no logger, no interceptors, pipes or
 * filters: the gap between it and the api is what the api adds on top of Nest.
 *
 * Env: DATABASE_URL, PORT, JWT_SECRET, DB_POOL_MAX.
 */

const POOL = Symbol('POOL');
// Made once, as the api's AccessTokenService does.
const key = createSecretKey(Buffer.from(required('JWT_SECRET'), 'utf8'));

type AuthedRequest = Request & { tenantId?: string };

@Injectable()
class BearerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw new UnauthorizedException();
    let claims: JwtPayload | string;
    try {
      claims = verify(header.slice(7), key, { algorithms: ['HS256'], issuer: 'quorum', audience: 'quorum-api' });
    } catch {
      throw new UnauthorizedException();
    }
    const tid: unknown = typeof claims === 'string' ? undefined : claims.tid;
    if (typeof tid !== 'string') throw new UnauthorizedException();
    req.tenantId = tid;
    return true;
  }
}

@Controller('meetings')
class MeetingsController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Get()
  list(@Req() req: AuthedRequest, @Query('limit') rawLimit?: string): Promise<ListPage> {
    const limit = parseLimit(rawLimit);
    if (limit === undefined) throw new BadRequestException('Bad limit');
    return listMeetings(this.pool, req.tenantId!, limit);
  }
}

@Injectable()
class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

@Module({
  controllers: [MeetingsController],
  providers: [
    { provide: POOL, useFactory: () => new Pool(poolOptions(required('DATABASE_URL'), 'quorum-bench-minimal-nest')) },
    { provide: APP_GUARD, useClass: BearerGuard },
    PoolCloser,
  ],
})
class MinimalModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(MinimalModule, {
    bodyParser: false,
    logger: false,
    forceCloseConnections: true,
  });
  app.setGlobalPrefix('api/v1');
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(Number(required('PORT')), '127.0.0.1');
  process.stdout.write(`minimal nest listening on 127.0.0.1:${process.env.PORT}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`minimal nest: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
