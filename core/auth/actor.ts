/** The person acting, from their link: admin powers only within ADMIN_REAUTH_HOURS of the last sign-in. */
import type { LinkSettings } from '../config';
import type { Link } from '../data/links';
import type { AdUser, Role } from '../identity';
import type { Actor } from '../policy';

export interface LinkedActor {
  actor: Actor;
  /** True when the link holds the admin role but the sign-in is too old to use it. */
  adminReauthNeeded: boolean;
}

/** The AD user a link was made for. */
export function linkAdUser(link: Link): AdUser {
  return { userName: link.adUserName, ...(link.adDomain ? { domain: link.adDomain } : {}) };
}

export function actorFromLink(link: Link, now: Date, settings: Pick<LinkSettings, 'adminReauthHours'>): LinkedActor {
  const adminFresh = now.getTime() - Date.parse(link.linkedAt) <= settings.adminReauthHours * 3_600_000;
  const roles = new Set<Role>(link.roles.filter((role) => role !== 'admin' || adminFresh));
  return {
    actor: {
      chat: link.chat,
      ad: linkAdUser(link),
      roles,
    },
    adminReauthNeeded: link.roles.includes('admin') && !adminFresh,
  };
}
