import { describe, expect, it } from 'vitest';
import { emptyValues, formToBody, mergeFieldErrors, toAmount, toIsoDate, valuesFromItem } from './form-logic';
import { RESOURCES } from './resources';

function formData(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) data.set(name, value);
  return data;
}

describe('toAmount', () => {
  it.each([
    ['1250.50', 1250.5],
    ['$1,250.50', 1250.5],
    [' 720 000 ', 720000],
    ['-1,864.20', -1864.2],
    ['-$1,864.20', -1864.2],
    ['$-1864.20', -1864.2],
    ['0', 0],
    ['6.14', 6.14],
    ['999999999999.99', 999999999999.99],
  ])('%j -> %d', (text, amount) => {
    expect(toAmount(text)).toBe(amount);
  });
  it.each(['abc', '1e5', '12.5.1', '--5', '1,2a'])('leaves %j for the API to refuse', (text) => {
    expect(toAmount(text)).toBe(text);
  });
});

describe('toIsoDate', () => {
  it('keeps ISO dates and converts Australian day/month/year', () => {
    expect(toIsoDate('2017-03-18')).toBe('2017-03-18');
    expect(toIsoDate('18/03/2017')).toBe('2017-03-18');
    expect(toIsoDate('2/8/2021')).toBe('2021-08-02');
    expect(toIsoDate('yesterday')).toBe('yesterday');
  });
});

describe('formToBody', () => {
  it('builds a property body with numbers and a date', () => {
    const result = formToBody(
      RESOURCES.properties,
      formData({
        name: '  Unit 4 ',
        address: '4/10 Test St, Carlton VIC 3053',
        type: 'INVESTMENT',
        purchasePrice: '$550,000',
        purchaseDate: '2022-05-01',
        currentValue: '585000.00',
        $ACTION_ID_abc: '',
      }),
    );
    expect(result.issues).toEqual({});
    expect(result.body).toEqual({
      name: 'Unit 4',
      address: '4/10 Test St, Carlton VIC 3053',
      type: 'INVESTMENT',
      purchasePrice: 550000,
      purchaseDate: '2022-05-01',
      currentValue: 585000,
    });
    expect(result.values.name).toBe('Unit 4');
  });

  it('turns an empty optional select into null and keeps a chosen link', () => {
    const loan = {
      lender: 'Macquarie Bank',
      type: 'INVESTMENT',
      rateType: 'FIXED',
      interestRate: '5.875',
      principal: '418500',
      currentBalance: '409870.10',
      repaymentAmount: '2055',
      repaymentFrequency: 'MONTHLY',
    };
    expect(formToBody(RESOURCES.loans, formData({ ...loan, propertyId: '' })).body).toMatchObject({ propertyId: null, interestRate: 5.875 });
    const id = '3f2b9c1e-8a4d-4c2b-9f1e-2d3c4b5a6f70';
    expect(formToBody(RESOURCES.loans, formData({ ...loan, propertyId: id })).body.propertyId).toBe(id);
    expect(formToBody(RESOURCES.accounts, formData({ name: 'Card', institution: 'Amex', type: 'CREDIT_CARD', balance: '-1,800.75' })).body).toEqual({
      name: 'Card',
      institution: 'Amex',
      type: 'CREDIT_CARD',
      balance: -1800.75,
      loanId: null,
    });
  });

  it('sends empty text for the API to refuse, and flags empty numbers, dates and choices itself', () => {
    const result = formToBody(RESOURCES.properties, formData({ name: '', address: ' ', type: '', purchasePrice: '', purchaseDate: '', currentValue: '12' }));
    expect(result.body).toEqual({ name: '', address: '', currentValue: 12 });
    expect(result.issues).toEqual({ type: 'is required', purchasePrice: 'is required', purchaseDate: 'is required' });
  });

  it('treats missing entries as empty and reads plain objects too', () => {
    const result = formToBody(RESOURCES.income, { source: 'Rent', type: 'RENTAL', amount: '620', frequency: 'WEEKLY' });
    expect(result.body).toEqual({ source: 'Rent', type: 'RENTAL', amount: 620, frequency: 'WEEKLY', propertyId: null });
  });

  it('passes odd input through so the API explains it', () => {
    const result = formToBody(RESOURCES.expenses, formData({ payee: 'AGL', category: 'Utilities', amount: '12.345', frequency: 'QUARTERLY', propertyId: '' }));
    expect(result.body.amount).toBe(12.345);
    expect(formToBody(RESOURCES.properties, formData({ purchaseDate: '31/02/2023' })).body.purchaseDate).toBe('2023-02-31');
  });
});

describe('valuesFromItem and emptyValues', () => {
  it('prefills an edit form from an API row', () => {
    const values = valuesFromItem(RESOURCES.loans, {
      id: 'x',
      lender: 'Commonwealth Bank',
      type: 'HOME',
      rateType: 'VARIABLE',
      interestRate: 6.14,
      principal: 576000,
      currentBalance: 498250.35,
      repaymentAmount: 1745,
      repaymentFrequency: 'FORTNIGHTLY',
      propertyId: null,
    });
    expect(values).toEqual({
      lender: 'Commonwealth Bank',
      type: 'HOME',
      rateType: 'VARIABLE',
      interestRate: '6.14',
      principal: '576000.00',
      currentBalance: '498250.35',
      repaymentAmount: '1745.00',
      repaymentFrequency: 'FORTNIGHTLY',
      propertyId: '',
    });
  });
  it('starts a new form with choices on their first option and links on None', () => {
    expect(emptyValues(RESOURCES.accounts)).toEqual({ name: '', institution: '', type: 'OFFSET', balance: '', loanId: '' });
  });
});

describe('mergeFieldErrors', () => {
  it('prefers our "is required" and drops fields the form does not have', () => {
    expect(
      mergeFieldErrors(RESOURCES.properties, { purchasePrice: 'is required' }, { purchasePrice: 'must be a number', name: 'is required', '(body)': 'x' }),
    ).toEqual({ name: 'is required', purchasePrice: 'is required' });
  });
});
