// Demo data for `make dev`: one user with a small, realistic Australian portfolio (a home with an
// offset account, an investment unit with rent and costs). Idempotent: if the demo user exists it is
// left alone, so edits made while developing survive the next `make dev`.
import type { Database } from './create-db.ts';

export const DEMO_LOGIN = { email: 'demo@monitrax.local', password: 'monitrax-demo' } as const;

/** `hashPassword` is the API's (services/api/src/auth/passwords.ts), passed in so the demo user signs in
 * exactly as a registered one does, without the database package depending on the API. */
export async function seedDemoData(db: Database, hashPassword: (password: string) => Promise<string>): Promise<'created' | 'exists'> {
  const existing = await db.prisma.user.findUnique({ where: { email: DEMO_LOGIN.email }, select: { id: true } });
  if (existing) return 'exists';

  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  await db.prisma.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: DEMO_LOGIN.email, name: 'Demo Investor', passwordHash } });
    const userId = user.id;
    const home = await tx.property.create({
      data: {
        userId,
        name: 'Family home',
        address: '14 Banksia Street, Brunswick VIC 3056',
        type: 'HOME',
        purchasePrice: '720000',
        purchaseDate: new Date('2017-03-18'),
        currentValue: '1045000',
      },
    });
    const unit = await tx.property.create({
      data: {
        userId,
        name: 'Investment unit',
        address: '7/22 Wharf Road, Newstead QLD 4006',
        type: 'INVESTMENT',
        purchasePrice: '465000',
        purchaseDate: new Date('2021-08-02'),
        currentValue: '548000',
      },
    });
    const homeLoan = await tx.loan.create({
      data: {
        userId,
        propertyId: home.id,
        lender: 'Commonwealth Bank',
        type: 'HOME',
        rateType: 'VARIABLE',
        interestRate: '6.140',
        principal: '576000',
        currentBalance: '498250.35',
        repaymentAmount: '1745',
        repaymentFrequency: 'FORTNIGHTLY',
      },
    });
    await tx.loan.create({
      data: {
        userId,
        propertyId: unit.id,
        lender: 'Macquarie Bank',
        type: 'INVESTMENT',
        rateType: 'FIXED',
        interestRate: '5.890',
        principal: '418500',
        currentBalance: '409870.10',
        repaymentAmount: '2055',
        repaymentFrequency: 'MONTHLY',
      },
    });
    await tx.account.createMany({
      data: [
        { userId, loanId: homeLoan.id, name: 'Home loan offset', institution: 'Commonwealth Bank', type: 'OFFSET', balance: '38420.55' },
        { userId, name: 'High interest saver', institution: 'ING', type: 'SAVINGS', balance: '12500' },
        { userId, name: 'Everyday account', institution: 'Commonwealth Bank', type: 'TRANSACTIONAL', balance: '2310.80' },
        { userId, name: 'Rewards card', institution: 'American Express', type: 'CREDIT_CARD', balance: '-1864.20' },
      ],
    });
    await tx.income.createMany({
      data: [
        { userId, source: 'Salary (net)', type: 'SALARY', amount: '4380', frequency: 'FORTNIGHTLY' },
        { userId, propertyId: unit.id, source: 'Newstead unit rent', type: 'RENTAL', amount: '620', frequency: 'WEEKLY' },
        { userId, source: 'ETF distributions', type: 'INVESTMENT', amount: '940', frequency: 'QUARTERLY' },
      ],
    });
    await tx.expense.createMany({
      data: [
        { userId, propertyId: unit.id, payee: 'Brisbane City Council', category: 'Council rates', amount: '1980', frequency: 'ANNUAL' },
        { userId, propertyId: unit.id, payee: 'Ray White Newstead', category: 'Property management', amount: '215', frequency: 'MONTHLY' },
        { userId, propertyId: unit.id, payee: 'Body corporate', category: 'Strata levies', amount: '1150', frequency: 'QUARTERLY' },
        { userId, propertyId: home.id, payee: 'Allianz', category: 'Home insurance', amount: '1840', frequency: 'ANNUAL' },
        { userId, payee: 'Woolworths', category: 'Groceries', amount: '260', frequency: 'WEEKLY' },
        { userId, payee: 'AGL', category: 'Utilities', amount: '410', frequency: 'QUARTERLY' },
      ],
    });
  });
  return 'created';
}
