// The list table for any resource, from its column definitions. The first column names the row; the
// last holds "Edit <item>" and "Delete <item>".
import Link from 'next/link';
import type { Row } from '@/lib/data';
import { formatAUD, formatDate, formatRate, NO_VALUE } from '@/lib/format';
import { itemLabel, optionLabel, type ColumnDef, type ResourceDef } from '@/lib/resources';
import { DeleteButton } from './DeleteButton';

/** For link columns: field name -> (row id -> label), e.g. propertyId -> { <uuid>: "Family home" }. */
export type Lookups = Record<string, Record<string, string>>;

function cellText(def: ResourceDef, column: ColumnDef, row: Row, lookups: Lookups): string {
  const value = row[column.field];
  switch (column.format) {
    case 'money':
      return formatAUD(typeof value === 'number' ? value : null);
    case 'rate':
      return formatRate(typeof value === 'number' ? value : null);
    case 'date':
      return formatDate(typeof value === 'string' ? value : null);
    case 'choice':
      return optionLabel(def, column.field, value) ?? (typeof value === 'string' ? value : NO_VALUE);
    case 'link':
      return typeof value === 'string' ? (lookups[column.field]?.[value] ?? NO_VALUE) : NO_VALUE;
    case 'text':
      return typeof value === 'string' && value ? value : NO_VALUE;
  }
}

const isNumeric = (column: ColumnDef) => column.format === 'money' || column.format === 'rate';

export function ResourceTable({ def, rows, lookups, caption }: { def: ResourceDef; rows: Row[]; lookups: Lookups; caption: string }) {
  const captionId = `${def.key}-caption`;
  return (
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table">
        <caption id={captionId} className="sr-only">
          {caption}
        </caption>
        <thead>
          <tr>
            {def.columns.map((column) => (
              <th key={column.field} scope="col" className={isNumeric(column) ? 'num' : undefined}>
                {column.header}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const label = itemLabel(def, row);
            return (
              <tr key={row.id}>
                {def.columns.map((column, index) => {
                  const text = cellText(def, column, row, lookups);
                  const className = isNumeric(column) ? 'num' : undefined;
                  return index === 0 ? (
                    <th key={column.field} scope="row" className={className}>
                      {text}
                    </th>
                  ) : (
                    <td key={column.field} className={className}>
                      {text}
                    </td>
                  );
                })}
                <td className="actions">
                  <Link href={`${def.path}/${row.id}/edit`} className="button button--small button--secondary">
                    Edit<span className="sr-only"> {label}</span>
                  </Link>
                  <DeleteButton resourceKey={def.key} id={row.id} label={label} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
