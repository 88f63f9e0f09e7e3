/**
 * Strict XML reading for SAML: no DTD, no entities, any parser complaint is fatal, and small
 * namespace-aware helpers so that no check ever matches an element by its prefix.
 */
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom'

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const

export class XmlRefused extends Error {
  override readonly name = 'XmlRefused'
}

/**
 * Deeper than any SAML document or metadata (a Response with an encrypted, signed assertion is
 * about 12 levels), far below what the recursive walks over the DOM (ours, xml-crypto's, xpath's)
 * can take before the stack overflows.
 */
export const MAX_XML_DEPTH = 64

/**
 * The element nesting depth of `xml`, scanned without parsing, stopping as soon as it passes
 * `max`. It skips comments, CDATA, processing instructions and declarations, and quoted attribute
 * values (which may hold `>` or `/>`), so no text can make a deep document look shallow.
 */
export function exceedsDepth(xml: string, max: number): boolean {
  let depth = 0
  let i = xml.indexOf('<')
  while (i !== -1 && i < xml.length) {
    const next = xml[i + 1]
    let end: number
    if (next === '/') {
      depth--
      end = xml.indexOf('>', i)
    } else if (xml.startsWith('<!--', i)) {
      end = xml.indexOf('-->', i + 4) + 2
    } else if (xml.startsWith('<![CDATA[', i)) {
      end = xml.indexOf(']]>', i + 9) + 2
    } else if (next === '?' || next === '!') {
      end = xml.indexOf('>', i)
    } else {
      // A start tag: find its end outside quotes; `/>` closes it at once.
      let quote: string | undefined
      end = -1
      for (let j = i + 1; j < xml.length; j++) {
        const ch = xml[j]
        if (quote) {
          if (ch === quote) quote = undefined
        } else if (ch === '"' || ch === "'") quote = ch
        else if (ch === '>') {
          end = j
          break
        }
      }
      if (end !== -1 && xml[end - 1] !== '/' && ++depth > max) return true
    }
    // Unterminated constructs are the parser's to refuse.
    if (end < i) return false
    i = xml.indexOf('<', end + 1)
  }
  return false
}

/**
 * Parses a whole document. A DOCTYPE is refused before parsing: SAML never needs one, and it is
 * how entity expansion and external entities get in. So is a document nested deeper than
 * MAX_XML_DEPTH: checked by a cheap scan first, since walking it would overflow the stack.
 */
export function parseStrictXml(xml: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlRefused('DOCTYPE or ENTITY declaration')
  if (exceedsDepth(xml, MAX_XML_DEPTH)) throw new XmlRefused(`nested deeper than ${MAX_XML_DEPTH}`)
  let doc: Document
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        throw new XmlRefused(`${level}: ${message}`)
      },
    }).parseFromString(xml, 'text/xml')
  } catch (error) {
    throw error instanceof XmlRefused ? error : new XmlRefused((error as Error).message)
  }
  if (!doc.documentElement) throw new XmlRefused('no root element')
  return doc
}

/** Element children of `parent` with this namespace and local name, in document order. */
export function children(parent: Node, ns: string, localName: string): Element[] {
  const found: Element[] = []
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (isElement(node) && node.namespaceURI === ns && node.localName === localName)
      found.push(node)
  }
  return found
}

/** The single child of that name; undefined when there is none, an error when there are several. */
export function onlyChild(parent: Node, ns: string, localName: string): Element | undefined {
  const found = children(parent, ns, localName)
  if (found.length > 1) throw new XmlRefused(`more than one ${localName}`)
  return found[0]
}

export const isElement = (node: Node): node is Element => node.nodeType === 1

/** True when the element is `{ns}localName`. */
export const is = (node: Node | null | undefined, ns: string, localName: string) =>
  !!node && isElement(node) && node.namespaceURI === ns && node.localName === localName

/** An attribute's value, or undefined when absent (xmldom answers '' for absent ones). */
export const attribute = (element: Element, name: string): string | undefined =>
  element.hasAttribute(name) ? (element.getAttribute(name) ?? undefined) : undefined

/**
 * True when the document holds a comment or processing instruction anywhere (the XML declaration
 * aside). No IdP sends them; they are how a NameID gets split so that a careless reader sees only
 * part of the signed text.
 */
export function hasCommentOrInstruction(doc: Document): boolean {
  for (let node = doc.firstChild; node; node = node.nextSibling) {
    const declaration = node.nodeType === 7 && node.nodeName === 'xml' && node === doc.firstChild
    if ((node.nodeType === 7 && !declaration) || node.nodeType === 8) return true
  }
  return doc.documentElement ? containsCommentOrInstruction(doc.documentElement) : false
}

function containsCommentOrInstruction(node: Node): boolean {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 7 || child.nodeType === 8) return true
    if (containsCommentOrInstruction(child)) return true
  }
  return false
}

/** Text content made only of text nodes; an element or CDATA inside is refused. */
export function plainText(element: Element): string {
  let text = ''
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== 3) throw new XmlRefused(`unexpected content inside ${element.localName}`)
    text += node.nodeValue ?? ''
  }
  return text
}
