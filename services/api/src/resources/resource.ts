// What one user-owned resource (properties, loans, ...) tells the shared CRUD router about itself.
import type { RESOURCE_INPUTS, ResourceKey, ResourceRow } from '@monitrax/contract/resources';
import type { Database } from '@monitrax/database/create-db';
import type { Prisma } from '@monitrax/database/client';

/** The subset of a Prisma model delegate the router uses (findMany: only the tests, which hold the list
 * query in db/owned-rows.ts equal to it). Prisma's generated delegates differ per model in their argument
 * types, so the router sees this narrow structural view instead. */
export interface ModelDelegate {
  findMany(args: object): Promise<unknown[]>;
  count(args: object): Promise<number>;
  findFirst(args: object): Promise<unknown>;
  create(args: object): Promise<unknown>;
  update(args: object): Promise<unknown>;
  delete(args: object): Promise<unknown>;
}

/** A field that points at another row of the same user (e.g. a loan's propertyId). */
export interface Link {
  field: string;
  /** Counts the signed-in user's rows with this id: 1 if the link is allowed. */
  exists(db: Database, userId: string, id: string): Promise<boolean>;
  label: string;
}

export interface ResourceDefinition<K extends ResourceKey> {
  /** URL segment and plural label, e.g. "properties". */
  path: K;
  /** Singular label used in messages, e.g. "property". */
  singular: string;
  /** Fields as they are created and replaced (PUT); PATCH accepts any non-empty subset (the contract's). */
  shape: (typeof RESOURCE_INPUTS)[K];
  /** The Prisma model behind it: its table for the list query (db/owned-rows.ts). */
  model: Prisma.ModelName;
  /** Its delegate on the client or inside a transaction. */
  delegate(db: Prisma.TransactionClient): ModelDelegate;
  links: readonly Link[];
  /** Database row -> API JSON (numbers for money, YYYY-MM-DD for dates), as the contract types it. */
  serialize(row: never): ResourceRow<K>;
}

export function defineResource<K extends ResourceKey>(definition: ResourceDefinition<K>) {
  return definition;
}
