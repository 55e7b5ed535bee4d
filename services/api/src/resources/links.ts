// Links between a user's rows, checked inside that user's rows only.
import type { Link } from './resource.ts';

export const propertyLink: Link = {
  field: 'propertyId',
  label: 'property',
  exists: async (db, userId, id) => (await db.prisma.property.count({ where: { id, userId } })) === 1,
};

export const loanLink: Link = {
  field: 'loanId',
  label: 'loan',
  exists: async (db, userId, id) => (await db.prisma.loan.count({ where: { id, userId } })) === 1,
};
