/**
 * The ids of a Teams bot: Microsoft Entra ID's GUIDs (the Azure Bot's app id, the tenant id), and the Teams app id
 * derived from the bot's. The app package, the stack's settings and the bot's own configuration check them alike.
 */
import { createHash } from 'node:crypto';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID as Microsoft Entra ID writes app and tenant ids: 8-4-4-4-12 hexadecimal digits. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** The namespace of the Teams app ids derived from bot ids (a fixed random UUID; changing it changes every app id). */
const APP_ID_NAMESPACE = '6c1f0e53-0a55-4c41-9d6e-4f7a3b1e2d90';

/** A name-based UUID, version 5 (RFC 9562): SHA-1 of the namespace's 16 bytes and the name. */
export function uuidV5(name: string, namespace: string): string {
  if (!isGuid(namespace)) throw new Error(`namespace ${namespace} is not a UUID`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The Teams app id for an Azure Bot: the version 5 UUID of the bot's app id (lower-case). The same bot always gets
 * the same app id, so a package built again (a new version, another URL) updates the installed app instead of adding
 * a second one; two deployments with two bots are two apps.
 */
export function appIdForBot(botId: string): string {
  return uuidV5(botId.toLowerCase(), APP_ID_NAMESPACE);
}
