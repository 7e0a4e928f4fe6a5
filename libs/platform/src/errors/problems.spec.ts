import { insufficientRole, notFound, unprocessable, validationFailed } from './problems';

describe('problem factories', () => {
  it('validationFailed lists each field once in the detail, and keeps every error', () => {
    const problem = validationFailed([
      { field: 'email', message: 'email must be an email' },
      { field: 'email', message: 'email is too long' },
      { field: 'name', message: 'name should not be empty' },
    ]);
    expect(problem.getStatus()).toBe(400);
    expect(problem.type).toMatch(/validation-failed$/);
    expect(problem.detail).toBe('The request has 2 invalid fields: email, name.');
    expect(problem.errors).toHaveLength(3);
    expect(validationFailed([{ field: 'q', message: 'q is odd' }]).detail).toBe('The request has 1 invalid field: q.');
    expect(validationFailed([], 'Custom.').detail).toBe('Custom.');
  });

  it('notFound is the generic 404', () => {
    const problem = notFound('Meeting 1 was not found.');
    expect([problem.getStatus(), problem.type, problem.detail]).toEqual([
      404,
      expect.stringMatching(/not-found$/),
      'Meeting 1 was not found.',
    ]);
  });

  it('insufficientRole names the role needed, with a reason when the rule is not a plain minimum', () => {
    const plain = insufficientRole('admin', 'viewer');
    expect([plain.getStatus(), plain.type, plain.detail, plain.extensions]).toEqual([
      403,
      expect.stringMatching(/insufficient-role$/),
      'This action needs the admin role or higher. You are viewer.',
      { requiredRole: 'admin' },
    ]);
    expect(insufficientRole('owner', 'admin', 'Only an owner can remove an owner.').detail).toBe(
      'Only an owner can remove an owner. You are admin.',
    );
  });

  it('unprocessable names the field, with the default type or a specific one', () => {
    expect(unprocessable('dueAt', 'dueAt is in the past')).toMatchObject({
      type: expect.stringMatching(/unprocessable-content$/),
      errors: [{ field: 'dueAt', message: 'dueAt is in the past' }],
    });
    expect(unprocessable('meetingId', 'no such meeting', 'reference-not-found', 'Referenced resource not found').title).toBe(
      'Referenced resource not found',
    );
  });
});
