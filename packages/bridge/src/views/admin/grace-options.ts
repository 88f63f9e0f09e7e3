/** How long a replaced secret still works after a rotation: the choices the console offers. */
import { DEFAULT_SECRET_GRACE_SECONDS } from '../../domain/app-secret-rotation.js'

export const graceOptions: [string, string][] = [
  ['0', 'No grace: drop it now'],
  ['3600', '1 hour'],
  [String(DEFAULT_SECRET_GRACE_SECONDS), '24 hours'],
  ['259200', '3 days'],
  ['604800', '7 days'],
]
