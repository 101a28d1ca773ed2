/**
 * Who a person is in Active Directory, and which WorkSpaces are theirs. Everything here is total:
 * unexpected input yields "no match" or "no role", never an exception.
 */
import type { WorkspaceRecord } from './workspace';

export type Role = 'user' | 'admin';

export interface AdUser {
  /** Lower-case user name without domain. */
  userName: string;
  /** Lower-case domain as the sign-in gave it: a NetBIOS name (CORP) or a DNS name (corp.example.com). */
  domain?: string;
}

export interface GroupNames {
  user: string;
  admin: string;
}

/**
 * Parses `DOMAIN\user`, `user@domain` or `user`. Returns undefined for anything that does not name a
 * user (empty, only a domain, not a string).
 */
export function parseAdUser(raw: unknown): AdUser | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim().toLowerCase();
  if (!value) return undefined;
  const slash = value.lastIndexOf('\\');
  if (slash >= 0) {
    const userName = value.slice(slash + 1).trim();
    const domain = value.slice(0, slash).split('\\')[0]!.trim();
    if (!userName) return undefined;
    return domain ? { userName, domain } : { userName };
  }
  const at = value.indexOf('@');
  if (at >= 0) {
    const userName = value.slice(0, at).trim();
    const domain = value.slice(at + 1).trim();
    if (!userName) return undefined;
    return domain ? { userName, domain } : { userName };
  }
  return { userName: value };
}

/** How people write an AD user: `CORP\\alice`, `alice@corp.example.com` for a DNS domain, or `alice`. */
export function adUserLabel(user: AdUser): string {
  if (!user.domain) return user.userName;
  return user.domain.includes('.')
    ? `${user.userName}@${user.domain}`
    : `${user.domain.toUpperCase()}\\${user.userName}`;
}

/** The key of the cache's owner index: the lower-case bare user name, so "my WorkSpaces" is one Query. */
export function ownerKey(userName: string): string {
  return parseAdUser(userName)?.userName ?? '';
}

/** The first label of a DNS or NetBIOS domain: CORP, corp.example.com -> corp. */
function domainLabel(domain: string): string {
  return domain.split('.')[0]!;
}

/**
 * True when both name the same AD user: the user names match and, when both know their domain, the domains agree
 * (a NetBIOS name matches the first label of the DNS name). Both as parseAdUser gives them (lower case).
 */
export function sameAdUser(a: AdUser, b: AdUser): boolean {
  if (a.userName !== b.userName) return false;
  if (!a.domain || !b.domain || a.domain === b.domain) return true;
  return domainLabel(a.domain) === domainLabel(b.domain);
}

/** True when the WorkSpace belongs to this AD user (sameAdUser, the WorkSpace's directory giving its domain). */
export function ownerMatches(person: AdUser, ws: Pick<WorkspaceRecord, 'userName' | 'directoryDomain'>): boolean {
  const owner = parseAdUser(ws.userName);
  if (!owner) return false;
  const domain = owner.domain ?? ws.directoryDomain?.trim().toLowerCase();
  return sameAdUser(person, domain ? { userName: owner.userName, domain } : { userName: owner.userName });
}

/**
 * Splits a groups claim into exact group names. Accepts a list, a comma- or semicolon-separated string,
 * and the bracketed form `[A, B]` that AD FS sends for multi-valued SAML attributes.
 */
export function parseGroups(claim: unknown): string[] {
  const values: unknown[] = Array.isArray(claim) ? claim : [claim];
  const groups: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const inner = value.trim().replace(/^\[(.*)\]$/s, '$1');
    for (const part of inner.split(/[,;]/)) {
      const name = part
        .trim()
        .replace(/^["']|["']$/g, '')
        .trim();
      if (name) groups.push(name);
    }
  }
  return groups;
}

/** Roles from a groups claim, by exact (case-insensitive) group name; never by substring. */
export function rolesFromGroups(claim: unknown, names: GroupNames): Set<Role> {
  const groups = new Set(parseGroups(claim).map((g) => g.toLowerCase()));
  const roles = new Set<Role>();
  if (groups.has(names.user.toLowerCase())) roles.add('user');
  if (groups.has(names.admin.toLowerCase())) roles.add('admin');
  return roles;
}
