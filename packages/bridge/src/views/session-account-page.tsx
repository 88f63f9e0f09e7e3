/** /account/sessions: where the user is signed in, and the forms that end those sessions. */
import type { SessionSummary } from '../domain/session-list.js'
import type { DeviceType, SessionDevice } from '../domain/session-device.js'
import type { MessageKey } from '../i18n/messages.js'
import { AccountNav } from './account-nav.js'
import { Layout } from './layout.js'
import type { Page } from './page.js'
import { ErrorLine } from './sign-in-form-parts.js'

const deviceTypes: Record<DeviceType, MessageKey> = {
  desktop: 'sessions.type.desktop',
  mobile: 'sessions.type.mobile',
  tablet: 'sessions.type.tablet',
  tv: 'sessions.type.tv',
  bot: 'sessions.type.bot',
}

/** A date and time in the page's language, in UTC and saying so. */
const when = (page: Page, ms: number) =>
  new Intl.DateTimeFormat(page.locale === 'en-XA' ? 'en' : page.locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(ms)

/** "Chrome on macOS, desktop", in the page's language, from what the user agent told. */
export function deviceText(page: Page, device: SessionDevice | undefined): string {
  const { t } = page
  if (!device) return t('sessions.unknownDevice')
  const browser = device.browser ?? t('sessions.unknownBrowser')
  const os = device.os ?? t('sessions.unknownOs')
  return device.type
    ? t('sessions.device', { browser, os, type: t(deviceTypes[device.type]) })
    : t('sessions.deviceWithoutType', { browser, os })
}

export interface ListedSession extends SessionSummary {
  /** The session of the browser looking at the page. */
  current: boolean
}

export interface SessionAccountProps {
  page: Page
  email: string
  csrf: string
  sessions: ListedSession[]
  notice?: string
  error?: string
}

const Hidden = (props: { csrf: string; sid?: string }) => (
  <>
    <input type="hidden" name="csrf" value={props.csrf} />
    {props.sid ? <input type="hidden" name="sid" value={props.sid} /> : null}
  </>
)

export function SessionAccountPage(props: SessionAccountProps) {
  const { page } = props
  const { t } = page
  const others = props.sessions.filter((s) => !s.current).length
  return (
    <Layout title={t('sessions.title')} page={page}>
      <AccountNav page={page} current="/account/sessions" />
      <h1>{t('sessions.title')}</h1>
      <p class="muted">{t('common.signedIn', { email: props.email })}</p>
      <p>{t('sessions.intro')}</p>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <ErrorLine error={props.error} />
      <ul class="sessions" aria-label={t('sessions.list')}>
        {props.sessions.map((s) => {
          const device = deviceText(page, s.device)
          return (
            <li data-sid={s.sid}>
              <strong>{device}</strong>
              {s.current ? <> · {t('sessions.thisDevice')}</> : null}
              <br />
              <span class="muted">
                {t('sessions.created', { date: when(page, s.createdAt) })} ·{' '}
                {t('sessions.lastSeen', { date: when(page, s.lastSeenAt) })}
              </span>
              <br />
              <span>
                {s.apps.length
                  ? t('sessions.apps', { apps: s.apps.map((a) => a.name).join(', ') })
                  : t('sessions.noApps')}
              </span>
              {s.sid ? (
                <form method="post" action="/account/sessions/end">
                  <Hidden csrf={props.csrf} sid={s.sid} />
                  <button
                    class="link"
                    type="submit"
                    aria-label={t(s.current ? 'sessions.endThisNamed' : 'sessions.endNamed', {
                      device,
                    })}
                  >
                    {t(s.current ? 'sessions.endThis' : 'sessions.end')}
                  </button>
                </form>
              ) : null}
            </li>
          )
        })}
      </ul>
      {others ? (
        <form method="post" action="/account/sessions/end-others">
          <Hidden csrf={props.csrf} />
          <button class="secondary" type="submit">
            {t('sessions.endOthers')}
          </button>
        </form>
      ) : null}
      <form method="post" action="/account/sessions/end-all">
        <Hidden csrf={props.csrf} />
        <button class="secondary" type="submit">
          {t('sessions.endAll')}
        </button>
      </form>
    </Layout>
  )
}
