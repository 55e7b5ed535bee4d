import { z } from 'zod';
import type { Account } from '../generated/prisma/client.ts';
import { optionalLink, signedMoney, text, toNumber } from './fields.ts';
import { loanLink } from './links.ts';
import { defineResource } from './resource.ts';

// Balances are signed: what the account holds. A credit card owing $2,000 has balance -2000.
export const accounts = defineResource({
  path: 'accounts',
  singular: 'account',
  shape: {
    name: text(120),
    institution: text(120),
    type: z.enum(['OFFSET', 'SAVINGS', 'TRANSACTIONAL', 'CREDIT_CARD']),
    balance: signedMoney,
    loanId: optionalLink,
  },
  model: 'Account',
  delegate: (db) => db.account,
  links: [loanLink],
  serialize: (row: Account) => ({
    id: row.id,
    name: row.name,
    institution: row.institution,
    type: row.type,
    balance: toNumber(row.balance),
    loanId: row.loanId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
});
