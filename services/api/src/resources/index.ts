// Every user-owned resource, mounted at /api/<path> behind requireAuth.
import { accounts } from './accounts.ts';
import { expenses } from './expenses.ts';
import { income } from './income.ts';
import { loans } from './loans.ts';
import { properties } from './properties.ts';

export const resources = [properties, loans, accounts, income, expenses] as const;
