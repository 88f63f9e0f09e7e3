/** The status cell of a revocable credential's row: "revoked", or its Revoke button. */
import { PostForm } from './admin-fields.js'

export function RevokeCell(props: {
  revokedAt?: number
  action: string
  csrf: string
  name: string
}) {
  return (
    <td>
      {props.revokedAt ? (
        'revoked'
      ) : (
        <PostForm
          action={props.action}
          csrf={props.csrf}
          class="inline"
          label={`Revoke ${props.name}`}
        >
          <button type="submit" class="danger">
            Revoke
          </button>
        </PostForm>
      )}
    </td>
  )
}
