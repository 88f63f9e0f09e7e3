/** The app form's Branding fieldset: how the app's sign-in pages look (docs/branding.md). */
import { brandLocales } from '../../domain/apps.js'
import { Select, TextField, type Errors } from './admin-fields.js'
import type { FormValues } from './connection-pages.js'

/** The options the fieldset edits, each posted as `branding.<name>`. */
export const brandingFieldNames = [
  'displayName',
  'logoUrl',
  'primaryColor',
  'backgroundColor',
  'supportUrl',
  'privacyUrl',
  'termsUrl',
  'defaultLocale',
] as const

const localeNames: Record<(typeof brandLocales)[number], string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ja: '日本語',
}

export function BrandingFields(props: { values: FormValues; errors: Errors }) {
  const value = (name: (typeof brandingFieldNames)[number]) => {
    const v = props.values[`branding.${name}`]
    return typeof v === 'string' ? v : undefined
  }
  const text = (
    name: (typeof brandingFieldNames)[number],
    label: string,
    hint: string,
    inputmode?: 'url' | 'text',
  ) => (
    <TextField
      name={`branding.${name}`}
      label={label}
      hint={hint}
      value={value(name)}
      inputmode={inputmode}
      errors={props.errors}
    />
  )
  return (
    <fieldset>
      <legend>Branding</legend>
      <p class="muted">
        How this app’s sign-in pages look. Leave a field empty for the bridge’s default. A colour
        that fails WCAG AA contrast (4.5:1) is adjusted on save, and you are told to what.
      </p>
      {text(
        'displayName',
        'Display name',
        'Up to 80 characters, shown as text and as the logo’s alt text.',
      )}
      {text(
        'logoUrl',
        'Logo URL',
        'https. Or upload an image below, which the bridge serves itself.',
        'url',
      )}
      {text('primaryColor', 'Primary colour', 'Buttons and links, as #rrggbb or #rgb.')}
      {text(
        'backgroundColor',
        'Background colour',
        'The page behind the card, as #rrggbb or #rgb.',
      )}
      {text('supportUrl', 'Support link', 'https', 'url')}
      {text('privacyUrl', 'Privacy policy link', 'https', 'url')}
      {text('termsUrl', 'Terms link', 'https', 'url')}
      <Select
        name="branding.defaultLocale"
        label="Default language"
        hint="When neither the site nor the visitor’s browser names one the bridge speaks."
        value={value('defaultLocale') ?? ''}
        errors={props.errors}
        options={[
          ['', 'Default: English'],
          ...brandLocales.map((l) => [l, localeNames[l]] as [string, string]),
        ]}
      />
    </fieldset>
  )
}
