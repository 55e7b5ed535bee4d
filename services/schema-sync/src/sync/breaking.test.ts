import { describe, expect, it } from 'vitest';
import { labelBreaking } from './breaking.ts';
import { classifyStatement } from './classify.ts';
import { clientViewOf } from './client-view.ts';

// The release still serving, as its schema.prisma says.
const running = clientViewOf(`
datasource db {
  provider = "postgresql"
}

enum PropertyType {
  HOME
  INVESTMENT
  HOLIDAY @map("holiday_home")
}

model User {
  id         String     @id @db.Uuid
  name       String
  nickname   String?
  legacyCode String?    @ignore
  properties Property[]
}

model Property {
  id        String       @id @db.Uuid
  userId    String       @db.Uuid
  user      User         @relation(fields: [userId], references: [id])
  address   String       @map("street_address")
  type      PropertyType @default(HOME)
  number    Int          @default(autoincrement())
  tags      Tag[]
  updatedAt DateTime     @updatedAt

  @@map(name: "properties")
}

model Tag {
  id         String     @id
  properties Property[]
}

model AuditTrail {
  id String @id

  @@ignore
}
`);

const judge = (sql: string) => labelBreaking([classifyStatement(sql)], running)[0]!.breaking.map((reason) => reason.reason);

describe('the breaking label, judged against the running release', () => {
  it('drops of what the running client reads are breaking; of what it ignores, or never knew, are not', () => {
    expect(judge('DROP TABLE "properties";')).toEqual(['drops table properties, which the running release reads']);
    expect(judge('ALTER TABLE "properties" DROP COLUMN "street_address";')).toEqual([
      'drops column properties.street_address, which the running release reads',
    ]);
    expect(judge('ALTER TABLE "User" DROP COLUMN "legacyCode";')).toEqual([]); // @ignore
    expect(judge('DROP TABLE "AuditTrail";')).toEqual([]); // @@ignore
    expect(judge('ALTER TABLE "User" DROP COLUMN "leftover";')).toEqual([]); // not in the running schema at all
    expect(judge('DROP TABLE "Scratch";')).toEqual([]);
  });

  it('a new required column without a default breaks the running inserts; with a default, or optional, it does not', () => {
    expect(judge('ALTER TABLE "User" ADD COLUMN "email" TEXT NOT NULL;')).toEqual([
      'adds required column User.email without a default, which the running release does not write: its inserts into User fail',
    ]);
    expect(judge(`ALTER TABLE "User" ADD COLUMN "email" TEXT NOT NULL DEFAULT '';`)).toEqual([]);
    expect(judge('ALTER TABLE "User" ADD COLUMN "email" TEXT;')).toEqual([]);
    expect(judge('ALTER TABLE "Brand" ADD COLUMN "email" TEXT NOT NULL;')).toEqual([]); // a table the running release does not use
  });

  it('a type change of a column it reads is breaking', () => {
    expect(judge('ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(40);')).toEqual([
      'changes the type of User.name, which the running release reads and writes',
    ]);
  });

  it('a new NOT NULL is breaking unless the running client already requires the field', () => {
    expect(judge('ALTER TABLE "User" ALTER COLUMN "nickname" SET NOT NULL;')).toEqual([
      'makes User.nickname required, which the running release may leave empty',
    ]);
    expect(judge('ALTER TABLE "User" ALTER COLUMN "legacyCode" SET NOT NULL;')).toEqual([
      'makes User.legacyCode required, which the running release does not write',
    ]);
    expect(judge('ALTER TABLE "User" ALTER COLUMN "name" SET NOT NULL;')).toEqual([]);
  });

  it('removing an enum value is breaking (database names, @map included)', () => {
    expect(judge(`CREATE TYPE "PropertyType_new" AS ENUM ('HOME', 'INVESTMENT');`)).toEqual([
      'removes holiday_home from enum PropertyType, which the running release reads and writes',
    ]);
    expect(judge(`CREATE TYPE "PropertyType_new" AS ENUM ('HOME', 'INVESTMENT', 'holiday_home', 'LAND');`)).toEqual([]);
  });

  it('adding an enum value the running release reads is labelled; it warns unless the policy says refuse', () => {
    const added = `ALTER TYPE "PropertyType" ADD VALUE 'LAND';`;
    const reason = 'adds LAND to enum PropertyType: the running release fails reading any row that holds it, once the new release writes one during the deploy';
    expect(labelBreaking([classifyStatement(added)], running)[0]!.breaking).toEqual([{ reason, refuses: false }]);
    expect(labelBreaking([classifyStatement(added)], running, { newEnumValues: 'refuse' })[0]!.breaking).toEqual([{ reason, refuses: true }]);
    expect(judge(`ALTER TYPE "PropertyType" ADD VALUE 'HOME';`)).toEqual([]); // already known
    expect(judge(`ALTER TYPE "Colour" ADD VALUE 'RED';`)).toEqual([]); // an enum the running release does not use
  });

  it('safe additions are never breaking', () => {
    expect(judge('CREATE TABLE "Note" ("id" TEXT NOT NULL, CONSTRAINT "Note_pkey" PRIMARY KEY ("id"));')).toEqual([]);
    expect(judge('CREATE INDEX "User_name_idx" ON "User"("name");')).toEqual([]);
    expect(judge('ALTER TABLE "User" ALTER COLUMN "name" DROP NOT NULL;')).toEqual([]);
  });

  it('dropping a default the running release leaves to the database is breaking; of a field it always writes, not', () => {
    expect(judge('ALTER TABLE "properties" ALTER COLUMN "number" DROP DEFAULT;')).toEqual([
      'drops the default of properties.number, which the running release leaves to the database on insert',
    ]);
    expect(judge('ALTER TABLE "properties" ALTER COLUMN "street_address" DROP DEFAULT;')).toEqual([]);
  });

  it('a default the plan drops and sets again (around an enum swap) is not breaking', () => {
    const plan = [
      'ALTER TABLE "properties" ALTER COLUMN "type" DROP DEFAULT',
      `ALTER TABLE "properties" ALTER COLUMN "type" SET DEFAULT 'HOME'`,
      'ALTER TABLE "properties" ALTER COLUMN "number" DROP DEFAULT',
    ].map(classifyStatement);
    expect(labelBreaking(plan, running).map((statement) => statement.breaking.map((reason) => reason.reason))).toEqual([
      [],
      [],
      ['drops the default of properties.number, which the running release leaves to the database on insert'],
    ]);
  });

  it('dropping an implicit many-to-many table the running release uses is breaking', () => {
    expect(judge('DROP TABLE "_PropertyToTag";')).toEqual(['drops table _PropertyToTag, which the running release reads']);
  });
});
