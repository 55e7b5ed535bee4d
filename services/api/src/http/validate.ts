// Turns zod failures into VALIDATION_ERROR with one {field, message} per problem, which the web app
// shows next to the matching form field.
import type { z } from 'zod';
import { validationError, type FieldIssue } from './errors.ts';

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(','), message: `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` };
    }
    return { field: issue.path.map(String).join('.') || '(body)', message: issue.message };
  });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'Request body'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(toFieldIssues(result.error), `${what} is invalid`);
  return result.data;
}
