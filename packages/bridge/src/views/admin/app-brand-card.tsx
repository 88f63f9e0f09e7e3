/** The app page's Logo card: the uploaded logo, an upload form and Remove (console CSRF). */
import type { PublicApp } from '../../domain/public-records.js'
import type { UploadedLogo } from '../../domain/apps.js'
import { uploadedLogoPath } from '../brand.js'
import { Csrf, PostForm } from './admin-fields.js'

export function AppBrandCard(props: { app: PublicApp; csrf: string }) {
  const { app } = props
  const uploaded = app.branding?.logoUploaded as UploadedLogo | undefined
  const base = `/admin/apps/${app.id}`
  return (
    <div class="card">
      <h2>Logo</h2>
      {uploaded ? (
        <>
          <p>
            <img
              src={uploadedLogoPath(uploaded)}
              alt={app.branding?.displayName ?? app.name}
              height={48}
            />
          </p>
          <form method="post" action={`${base}/logo/delete`}>
            <Csrf csrf={props.csrf} />
            <button type="submit">Remove the uploaded logo</button>
          </form>
        </>
      ) : (
        <p class="muted">
          No logo uploaded{app.branding?.logoUrl ? ': the logo URL is shown.' : '.'}
        </p>
      )}
      <PostForm action={`${base}/logo`} csrf={props.csrf} multipart label="Upload a logo">
        <label for="f-logo">Image file</label>
        <span class="hint" id="f-logo-hint">
          PNG, JPEG, WebP or GIF, at most 256 KiB. SVG is refused: it can carry script.
        </span>
        <input
          id="f-logo"
          name="logo"
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          aria-describedby="f-logo-hint"
          required
        />
        <div class="actions">
          <button type="submit">Upload</button>
        </div>
      </PostForm>
    </div>
  )
}
