// The one list query every resource page runs: a user's rows of one model, newest first, one page.
//
// Why not model.findMany: a list page is the API's most frequent read, and through Prisma's query compiler and
// interpreter a 50-row page cost ~760 µs of CPU against ~600 µs for the same SELECT through $queryRaw (in-process
// measurement on the 2-core bench machine; make bench's list ratio follows that CPU). $queryRaw still goes
// through Prisma and its driver adapter, so rows come back with Prisma's types (Decimal, Date, enum strings) and
// the resources' serializers take them unchanged. The table is the model's name: the schema maps no model or
// field to another name (@@map/@map), and resources.integration.test.ts checks, for every resource, that this
// query returns exactly what findMany does.
import { Prisma } from '@monitrax/database/client';
import type { Database } from '@monitrax/database/create-db';

const MODEL_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export interface OwnedPage {
  userId: string;
  skip: number;
  take: number;
}

/** The user's rows of `model`, ordered as every list is (createdAt desc, then id), `take` from `skip`. */
export function listOwnedRows<Row>(db: Database, model: Prisma.ModelName, page: OwnedPage): Promise<Row[]> {
  if (!MODEL_NAME.test(model)) throw new Error(`not a model name: ${model}`);
  const table = Prisma.raw(`"${model}"`);
  return db.prisma.$queryRaw<
    Row[]
  >`SELECT * FROM ${table} WHERE "userId" = ${page.userId} ORDER BY "createdAt" DESC, "id" ASC LIMIT ${page.take} OFFSET ${page.skip}`;
}
