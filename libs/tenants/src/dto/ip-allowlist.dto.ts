import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { IsCidr } from '../ip-allowlist/is-cidr.validator';

export class IpAllowlistDto {
  @ApiProperty({ type: [String], example: ['203.0.113.0/24', '2001:db8::/32'], description: 'Empty: any address may use the tenant' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsCidr({ each: true })
  cidrs: string[];
}
