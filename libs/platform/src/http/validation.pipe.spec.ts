import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDate,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ProblemException } from '../errors/problem.exception';
import { createValidationPipe } from './validation.pipe';

class Participant {
  @IsEmail()
  email: string;
}

class Window {
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;
}

class CreateThing {
  @IsString()
  @MaxLength(5)
  title: string;

  @ValidateNested({ each: true })
  @Type(() => Participant)
  participants: Participant[];
}

class Subscribe {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsIn(['created', 'updated'], { each: true })
  events: string[];

  @ValidateNested()
  @Type(() => Participant)
  contact: Participant;
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

  it('says what a date field expects, not that it wants "a Date instance"', async () => {
    const error: ProblemException = await pipe
      .transform({ from: '2026-13-45' }, { type: 'query', metatype: Window })
      .catch((e: ProblemException) => e);
    expect(error.errors).toEqual([{ field: 'from', message: 'from must be a date-time in ISO 8601 form, such as 2026-01-31T09:30:00Z' }]);
    await expect(pipe.transform({ from: '2026-01-31T09:30:00Z' }, { type: 'query', metatype: Window })).resolves.toEqual({
      from: new Date('2026-01-31T09:30:00Z'),
    });
  });

  it("says a nested field wants an object, naming the element, rather than class-validator's wording", async () => {
    const error: ProblemException = await run({ title: 'ok', participants: ['ada@example.com'] }).catch((e: ProblemException) => e);
    expect(error.errors).toEqual([{ field: 'participants.0', message: 'participants.0 must be an object' }]);
  });

  it('says a missing field is required, once, instead of every rule it fails, and never echoes a value', async () => {
    const error: ProblemException = await pipe
      .transform({ contact: {} }, { type: 'body', metatype: Subscribe })
      .catch((e: ProblemException) => e);
    expect(error.errors).toEqual([
      { field: 'events', message: 'events is required' },
      { field: 'contact.email', message: 'contact.email is required' },
    ]);
    const wrong: ProblemException = await pipe
      .transform({ events: ['deleted', 'deleted'], contact: { email: 'secret-value' } }, { type: 'body', metatype: Subscribe })
      .catch((e: ProblemException) => e);
    expect(wrong.errors).toEqual(
      expect.arrayContaining([
        { field: 'events', message: "All events's elements must be unique" },
        { field: 'contact.email', message: 'contact.email must be an email' },
      ]),
    );
    expect(JSON.stringify(wrong.getResponse())).not.toContain('secret-value');
  });
});
