/** What every language's default email templates are made of (default-templates-<lang>.ts). */
import type { EmailTemplate } from './types.js'

export interface TemplateText {
  subject: string
  text: string
  /** The inside of the HTML body; the layout around it is the bridge's. */
  html: string
}

/** One language's wording of every email. */
export type LanguageTemplates = Record<EmailTemplate, TemplateText>

/** The call to action: a link styled as a button, inline because mail clients drop <style>. */
export const button = (label: string) =>
  `<p><a href="{{link}}" style="display:inline-block;padding:10px 18px;background:#1a56db;color:#ffffff;border-radius:6px;text-decoration:none">${label}</a></p>`

/** The code, large and spaced, so it reads and types well. */
export const CODE_BLOCK =
  '<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">{{code}}</p>'
