/**
 * The `type: saml` connection of the config file. IdP metadata given as a file path is read
 * here, once, so that a missing or broken file is reported with its field's path and the stored
 * record holds the XML itself.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import {
  MAX_METADATA_BYTES,
  normalizeCertificate,
  parseIdpMetadata,
} from '../connections/saml-metadata.js'
import { isLoopbackHost } from '../domain/loopback.js'
import { domainName, idPattern, mfaPolicy, recordId } from './common-fields.js'
import { displayName } from './display-name.js'
import { checkLinkTargets, linkTargetsField } from './email-linking.js'

export const MAX_CLOCK_SKEW_SECONDS = 60

const attributeName = z
  .string()
  .regex(/^[\x21-\x7E]{1,256}$/, 'must be a SAML attribute name (no spaces)')

const attributeMapping = z
  .strictObject({
    email: attributeName,
    name: attributeName,
    givenName: attributeName,
    familyName: attributeName,
    groups: attributeName,
  })
  .partial()

const certificate = z.string().transform((value, ctx) => {
  try {
    return normalizeCertificate(value)
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an X.509 certificate (PEM or base64)' })
    return z.NEVER
  }
})

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048)

/** Inline XML (starts with `<`) or a path, relative to the config file's folder. */
function metadataSource(baseDir: string) {
  return z
    .string()
    .min(1)
    .transform((value, ctx) => {
      if (value.trimStart().startsWith('<')) return value
      try {
        const xml = readFileSync(resolve(baseDir, value), 'utf8')
        if (Buffer.byteLength(xml) > MAX_METADATA_BYTES) throw new Error('too large')
        return xml
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
        ctx.addIssue({
          code: 'custom',
          message: `cannot read the metadata file ${value} (${code})`,
        })
        return z.NEVER
      }
    })
}

/** `baseDir`: where a metadata file path is resolved. */
export function samlConnectionSchema(baseDir: string) {
  return z
    .strictObject({
      id: recordId,
      name: displayName(100).optional(),
      mfa: mfaPolicy,
      type: z.literal('saml'),
      idpMetadata: metadataSource(baseDir).optional(),
      idpMetadataUrl: httpUrl.optional(),
      entryPoint: httpUrl.optional(),
      idpEntityId: z.string().min(1).max(1024).optional(),
      // An empty list is what a connection from metadata stores (and exports): it pins nothing.
      idpCert: z
        .union([z.string(), z.array(z.string()).max(10)])
        .transform((value) => (Array.isArray(value) ? value : [value]))
        .pipe(z.array(certificate))
        .default([]),
      spEntityId: z.string().min(1).max(1024).optional(),
      nameIdFormat: z
        .string()
        .regex(
          /^urn:oasis:names:tc:SAML:(1\.1|2\.0):nameid-format:[A-Za-z]+$/,
          'must be a NameID format URN',
        )
        .default('urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified'),
      subjectAttribute: attributeName.optional(),
      domains: z.array(domainName).max(100).default([]),
      attributes: attributeMapping.default({}),
      trustEmail: z.boolean().default(false),
      linkByVerifiedEmail: linkTargetsField(recordId),
      signAuthnRequests: z.boolean().default(false),
      encryptAssertions: z.boolean().default(false),
      wantAssertionsSigned: z.boolean().default(false),
      clockSkewSeconds: z
        .number()
        .int()
        .min(0)
        .max(MAX_CLOCK_SKEW_SECONDS)
        .default(MAX_CLOCK_SKEW_SECONDS),
      timeoutSeconds: z.number().int().min(1).max(60).default(10),
      dangerouslyAllowIdpInitiated: z.strictObject({ app: z.string().regex(idPattern) }).optional(),
      dangerouslyAllowHttpMetadataUrl: z.boolean().default(false),
      /** Lets idpMetadataUrl be on loopback or a private network (net/outbound). */
      dangerouslyAllowPrivateNetwork: z.boolean().optional(),
    })
    .superRefine((c, ctx) => {
      refineSaml(c, ctx)
      checkLinkTargets(c, ctx)
    })
}

interface SamlSources {
  idpMetadata?: string
  idpMetadataUrl?: string
  entryPoint?: string
  idpEntityId?: string
  idpCert: string[]
  dangerouslyAllowHttpMetadataUrl: boolean
}

function refineSaml(c: SamlSources, ctx: z.RefinementCtx) {
  const sources = [c.idpMetadata, c.idpMetadataUrl].filter((s) => s !== undefined).length
  if (sources > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['idpMetadataUrl'],
      message: 'give idpMetadata or idpMetadataUrl, not both',
    })
  }
  if (sources === 0 && (!c.entryPoint || c.idpCert.length === 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['idpMetadata'],
      message: 'give idpMetadata, idpMetadataUrl, or entryPoint with idpCert',
    })
  }
  if (c.idpMetadata !== undefined) {
    try {
      const idp = parseIdpMetadata(c.idpMetadata, c.idpEntityId)
      if (!idp.ssoUrl && !c.entryPoint) {
        ctx.addIssue({
          code: 'custom',
          path: ['idpMetadata'],
          message: 'has no HTTP-Redirect SingleSignOnService: give entryPoint',
        })
      }
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['idpMetadata'],
        message: `is not usable IdP metadata: ${(error as Error).message}`,
      })
    }
  }
  for (const field of ['idpMetadataUrl', 'entryPoint'] as const) {
    const value = c[field]
    if (value === undefined) continue
    const url = new URL(value)
    const httpAllowed =
      field === 'idpMetadataUrl'
        ? c.dangerouslyAllowHttpMetadataUrl && isLoopbackHost(url.hostname)
        : isLoopbackHost(url.hostname)
    if (url.protocol === 'http:' && !httpAllowed) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message:
          field === 'idpMetadataUrl'
            ? 'must use https (http only on loopback with dangerouslyAllowHttpMetadataUrl: true)'
            : 'must use https (plain http is allowed on localhost and 127.0.0.1 only)',
      })
    }
  }
}
