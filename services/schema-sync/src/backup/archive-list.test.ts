import { describe, expect, it } from 'vitest';
import { tablesInArchiveList } from './archive-list.ts';

// Shape of `pg_restore --list` output from pg_restore 17 (trimmed).
const LISTING = `;
; Archive created at 2026-11-25 09:08:07 UTC
;     dbname: monitrax
;     TOC Entries: 42
;     Format: CUSTOM
;     Dumped from database version: 17.10
;     Dumped by pg_dump version: 17.12 (Debian 17.12-0+deb13u1)
;
; Selected TOC Entries:
;
6; 2615 16390 SCHEMA - monitrax_ops monitrax
870; 1247 16392 TYPE public PropertyType monitrax
218; 1259 16400 TABLE public User monitrax
219; 1259 16410 TABLE public Owner Notes monitrax
220; 1259 16420 TABLE monitrax_ops schema_history monitrax
221; 1259 16421 SEQUENCE monitrax_ops schema_history_id_seq monitrax
3400; 0 16400 TABLE DATA public User monitrax
3401; 0 16420 TABLE DATA monitrax_ops schema_history monitrax
3250; 2606 16430 CONSTRAINT public User User_pkey monitrax
`;

describe('tablesInArchiveList', () => {
  it('returns the TABLE entries only (not TABLE DATA, sequences, types or constraints)', () => {
    expect(tablesInArchiveList(LISTING)).toEqual(['User', 'Owner Notes', 'monitrax_ops.schema_history']);
  });

  it('returns nothing for an archive without tables', () => {
    expect(tablesInArchiveList(';\n; Selected TOC Entries:\n;\n')).toEqual([]);
  });
});
