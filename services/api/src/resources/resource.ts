// What the API adds to a user-owned resource the contract describes (@monitrax/contract/resource-fields): the Prisma
// model behind it and the word its messages use. Its input schema and its serializer follow from the contract's
// field kinds.
import { RESOURCE_INPUTS, type ResourceKey } from '@monitrax/contract/resources';
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

export interface ResourceDefinition<K extends ResourceKey = ResourceKey> {
  /** URL segment and the contract's key, e.g. "properties". */
  key: K;
  /** Singular label used in messages, e.g. "property" ("No property with this id"). */
  singular: string;
  /** The Prisma model behind it: its table for the list query (db/owned-rows.ts). */
  model: Prisma.ModelName;
  /** Its delegate on the client or inside a transaction. */
  delegate(db: Prisma.TransactionClient): ModelDelegate;
  /** Fields as they are created and replaced (PUT): the contract's input schema. */
  shape: (typeof RESOURCE_INPUTS)[K];
}

export function defineResource<K extends ResourceKey>(key: K, definition: Omit<ResourceDefinition<K>, 'key' | 'shape'>): ResourceDefinition<K> {
  return { key, shape: RESOURCE_INPUTS[key], ...definition };
}
