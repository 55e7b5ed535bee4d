// Every user-owned resource, mounted at /api/<path> behind requireAuth.
import type { ResourceKey } from '@monitrax/contract/resources';
import { accounts } from './accounts.ts';
import { expenses } from './expenses.ts';
import { income } from './income.ts';
import { loans } from './loans.ts';
import { properties } from './properties.ts';
import type { ResourceDefinition } from './resource.ts';

export const resources: readonly ResourceDefinition<ResourceKey>[] = [properties, loans, accounts, income, expenses];
