import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantsModule } from '@quorum/tenants';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken } from './entities/refresh-token.entity';
import { Session } from './entities/session.entity';
import { User } from './entities/user.entity';
import { AccessGuard } from './guards/access.guard';
import { LoginThrottle } from './login-throttle.service';
import { PasswordHasher } from './passwords';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsService } from './sessions/sessions.service';
import { AccessTokenService } from './tokens/access-token.service';
import { JwtStrategy } from './tokens/jwt.strategy';
import { UsersRepository } from './users.repository';

@Module({
  imports: [TypeOrmModule.forFeature([User, Session, RefreshToken]), PassportModule, JwtModule.register({}), TenantsModule],
  controllers: [AuthController, SessionsController],
  providers: [
    AuthService,
    SessionsService,
    UsersRepository,
    SessionsRepository,
    AccessTokenService,
    JwtStrategy,
    PasswordHasher,
    LoginThrottle,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionsService, AccessTokenService],
})
export class AuthModule {}
