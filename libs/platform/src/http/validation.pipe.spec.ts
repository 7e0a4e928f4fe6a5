import { Type } from 'class-transformer';
import { IsEmail, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ProblemException } from '../errors/problem.exception';
import { createValidationPipe } from './validation.pipe';

class Participant {
  @IsEmail()
  email: string;
}

class CreateThing {
  @IsString()
  @MaxLength(5)
  title: string;

  @ValidateNested({ each: true })
  @Type(() => Participant)
  participants: Participant[];
}

describe('global validation pipe', () => {
  const pipe = createValidationPipe();
  const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: CreateThing });

  it('transforms valid input into the DTO class', async () => {
    const result = await run({ title: 'ok', participants: [{ email: 'a@example.com' }] });
    expect(result).toBeInstanceOf(CreateThing);
    expect(result.participants[0]).toBeInstanceOf(Participant);
  });

  it('reports every invalid field with a dotted path, and rejects unknown fields', async () => {
    const error: ProblemException = await run({ title: 'far too long', participants: [{ email: 'nope' }], admin: true }).catch(
      (e: ProblemException) => e,
    );
    expect(error).toBeInstanceOf(ProblemException);
    expect(error.getStatus()).toBe(400);
    expect(error.type).toMatch(/validation-failed$/);
    expect(error.errors).toEqual(
      expect.arrayContaining([
        { field: 'title', message: 'title must be shorter than or equal to 5 characters' },
        { field: 'participants.0.email', message: 'participants.0.email must be an email' },
        { field: 'admin', message: 'admin should not exist' },
      ]),
    );
  });
});
