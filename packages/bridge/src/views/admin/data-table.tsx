/**
 * A console list: a table with one heading per column, or a line saying there is nothing to list.
 * On a narrow screen the table scrolls in its own box, a named region that takes the focus, so a
 * keyboard scrolls it too (WCAG 2.1.1).
 */
import type { Child } from 'hono/jsx'

export function DataTable<T>(props: {
  rows: T[]
  label: string
  empty: string
  columns: string[]
  row: (item: T) => Child
}) {
  if (props.rows.length === 0) return <p>{props.empty}</p>
  return (
    <div class="table" role="region" aria-label={props.label} tabindex={0}>
      <table>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.rows.map((item) => props.row(item))}</tbody>
      </table>
    </div>
  )
}
