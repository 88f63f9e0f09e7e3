/** A console list: a table with one heading per column, or a line saying there is nothing to list. */
import type { Child } from 'hono/jsx'

export function DataTable<T>(props: {
  rows: T[]
  empty: string
  columns: string[]
  row: (item: T) => Child
}) {
  if (props.rows.length === 0) return <p>{props.empty}</p>
  return (
    <div class="table">
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
