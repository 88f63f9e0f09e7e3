/**
 * Names people read (apps, connections, users, admins, API keys). C0 and C1 control characters
 * are refused: nobody types them in a name, and in a terminal or a log they are commands (an ESC
 * or CSI sequence can rewrite what an admin sees).
 */
import { z } from 'zod'

// C0, DEL and C1, by Unicode property (the same set as \u0000-\u001f and \u007f-\u009f).
const CONTROL_CHARACTER = /\p{Cc}/u

export const hasControlCharacter = (value: string) => CONTROL_CHARACTER.test(value)

export const displayName = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !hasControlCharacter(value), 'must not contain control characters')
