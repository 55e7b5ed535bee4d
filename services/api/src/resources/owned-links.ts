// Links between a user's records (a loan's propertyId, a document's expenseId, ...) may only name that user's own
// rows: one check for the resource handlers and the documents' routes.
import type { Database } from '@monitrax/database/create-db';
import { type FieldIssue, validationError } from '../http/errors.ts';
import type { ResourceDefinition } from './resource.ts';

export interface OwnedLink {
  field: string;
  /** What the field points at. */
  target: Pick<ResourceDefinition, 'delegate' | 'singular'>;
}

/** Throws a VALIDATION_ERROR naming each field of `values` whose id is not one of `userId`'s rows of its target. */
export async function checkOwnedLinks(db: Database, userId: string, links: readonly OwnedLink[], values: Record<string, unknown>): Promise<void> {
  const issues: FieldIssue[] = [];
  for (const { field, target } of links) {
    const id = values[field];
    if (typeof id === 'string' && (await target.delegate(db.prisma).count({ where: { id, userId } })) !== 1) {
      issues.push({ field, message: `no ${target.singular} with this id` });
    }
  }
  if (issues.length > 0) throw validationError(issues);
}
