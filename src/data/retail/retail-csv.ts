/**
 * Parses the UCI Online Retail CSV (`InvoiceNo,StockCode,Description,Quantity,InvoiceDate,
 * UnitPrice,CustomerID,Country`). Fields follow RFC 4180: descriptions may hold commas inside
 * quotes and `""` for a quote. Dates are `M/D/YYYY H:MM` with no zone; the calendar day is kept.
 */

export interface RetailLine {
  invoiceNo: string;
  stockCode: string;
  description: string;
  /** Negative on cancellation invoices (InvoiceNo starting with `C`). */
  quantity: number;
  /** `YYYY-MM-DD`. */
  day: string;
  unitPrice: number;
  /** CustomerID, '' when the column is absent or empty (pairs a cancellation with its order). */
  customerId: string;
}

/** A malformed input row: names the file and line so the user can find it (CLI exit 2). */
export class RetailFormatError extends Error {
  override name = 'RetailFormatError';
}

const HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice'] as const;

export function parseRetailCsv(text: string, source = 'retail CSV'): RetailLine[] {
  const records = splitCsv(text.replace(/^\uFEFF/, ''));
  const header = records.shift()?.fields ?? [];
  const at = HEADER.map((name) => header.indexOf(name));
  const missing = HEADER.filter((_, i) => at[i]! < 0);
  if (missing.length) throw new RetailFormatError(`${source}: line 1: missing column(s) ${missing.join(', ')}`);
  const [iInvoice, iCode, iDesc, iQty, iDate, iPrice] = at as [number, number, number, number, number, number];
  const iCustomer = header.indexOf('CustomerID');

  const lines: RetailLine[] = [];
  for (const { line, fields } of records) {
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    const field = (i: number) => fields[i] ?? '';
    const quantity = Number(field(iQty));
    const unitPrice = Number(field(iPrice));
    const day = parseInvoiceDay(field(iDate));
    const bad =
      fields.length < header.length ? `expected ${header.length} fields, got ${fields.length}`
      : !field(iInvoice) || !field(iCode) ? 'empty InvoiceNo or StockCode'
      : !Number.isInteger(quantity) || field(iQty).trim() === '' ? `Quantity "${field(iQty)}" is not an integer`
      : !Number.isFinite(unitPrice) || field(iPrice).trim() === '' ? `UnitPrice "${field(iPrice)}" is not a number`
      : !day ? `InvoiceDate "${field(iDate)}" is not M/D/YYYY H:MM`
      : null;
    if (bad) throw new RetailFormatError(`${source}: line ${line}: ${bad}`);
    lines.push({
      invoiceNo: field(iInvoice).trim(),
      stockCode: field(iCode).trim(),
      description: field(iDesc).trim(),
      quantity,
      day: day!,
      unitPrice,
      customerId: iCustomer < 0 ? '' : field(iCustomer).trim(),
    });
  }
  return lines;
}

/** `12/1/2010 8:45` → `2010-12-01`; null when it is not a real date. */
export function parseInvoiceDay(value: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(value.trim());
  if (!m) return null;
  const day = `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? day : null;
}

/** RFC 4180 records with the line each starts on (quoted fields may span lines). */
export function splitCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line += 1;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      line += 1;
      start = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}
