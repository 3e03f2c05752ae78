/**
 * Column widths from content, for the tables of both renderers (PDF, DOCX): a template gives each
 * column a relative width, and the text decides where that is not enough. Every column is at least
 * as wide as the widest span of its cells that no line may break (an amount such as `40,044.33`, a
 * date, a rate, an amount with its unit, a licence number: see textExtent in ./layout.ts), so such
 * a span never wraps, whatever the relative widths; then width a column does not use (wider than
 * its widest line) goes to the columns whose lines wrap. The widths always sum to the text width.
 */
import { type Faces, textExtent } from './layout.ts';
import type { ElementsBlock, Run, TableBlock } from './model.ts';

/** One cell of a table, where it starts and how many columns it spans. */
export interface ColumnCell {
  column: number;
  span: number;
  runs: readonly Run[];
  bold: boolean;
}

export interface ColumnMetrics {
  /** Font size of table text, in the unit of `total` per em (points: 10.5; twips: 210). */
  size: number;
  /** Left + right padding of a cell, in the same unit. */
  padding: number;
  faces: Faces;
}

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

/**
 * Widths of the columns (same unit as `total`, summing to it) for cells of `relative` columns.
 * Cells spanning several columns take part only through the columns they start in being wide
 * enough for the single-column cells.
 */
export function fitColumns(relative: readonly number[], cells: readonly ColumnCell[], total: number, metrics: ColumnMetrics): number[] {
  const n = relative.length;
  const scale = total / sum(relative);
  const widths = relative.map((r) => r * scale);
  const min = new Array<number>(n).fill(0);
  const natural = new Array<number>(n).fill(0);
  for (const cell of cells) {
    if (cell.span !== 1 || cell.column >= n) continue;
    const runs = cell.bold ? cell.runs.map((r) => ({ ...r, bold: true })) : cell.runs;
    const extent = textExtent(runs, metrics.size, metrics.faces);
    // A hair over the measured width: renderers compare with a tolerance of their own.
    min[cell.column] = Math.max(min[cell.column]!, extent.unbreakable + metrics.padding + 0.5);
    natural[cell.column] = Math.max(natural[cell.column]!, extent.natural + metrics.padding + 0.5);
  }
  if (sum(min) >= total) return min.map((m) => (m / sum(min)) * total);

  // 1. Every column at least its unbreakable width, taken from the columns above theirs.
  const deficit = sum(widths.map((w, i) => Math.max(0, min[i]! - w)));
  if (deficit > 0) {
    const slack = widths.map((w, i) => Math.max(0, w - min[i]!));
    const totalSlack = sum(slack);
    for (let i = 0; i < n; i++) widths[i] = widths[i]! < min[i]! ? min[i]! : widths[i]! - (slack[i]! / totalSlack) * deficit;
  }
  // 2. Width a column does not use goes to the columns whose lines wrap, up to what they need.
  const surplus = widths.map((w, i) => Math.max(0, w - Math.max(natural[i]!, min[i]!)));
  const need = widths.map((w, i) => Math.max(0, natural[i]! - w));
  const given = Math.min(sum(surplus), sum(need));
  if (given > 0) {
    const totalSurplus = sum(surplus);
    const totalNeed = sum(need);
    for (let i = 0; i < n; i++) widths[i] = widths[i]! - (surplus[i]! / totalSurplus) * given + (need[i]! / totalNeed) * given;
  }
  return widths;
}

/** The cells of a table block (header rows bold, as both renderers draw them). */
export function tableCells(b: TableBlock): ColumnCell[] {
  return b.rows.flatMap((cells, r) => {
    let column = 0;
    return cells.map((c) => {
      const cell: ColumnCell = { column, span: c.colSpan ?? 1, runs: c.runs, bold: r < b.headerRows };
      column += cell.span;
      return cell;
    });
  });
}

/** The cells of an element table: bold labels in column 0, values in column 1, sections across both. */
export function elementCells(b: ElementsBlock): ColumnCell[] {
  return b.rows.flatMap((row): ColumnCell[] =>
    row.kind === 'section'
      ? [{ column: 0, span: 2, runs: row.title, bold: true }]
      : [
          { column: 0, span: 1, runs: row.label, bold: true },
          { column: 1, span: 1, runs: row.value, bold: false },
        ],
  );
}

/** The relative widths of an element table's two columns. */
export function elementColumns(b: ElementsBlock): number[] {
  return [b.labelWidth, 100 - b.labelWidth];
}
