/** Words for a person's roles, shared by the sign-in page and the chat answers. */
import type { Role } from '../identity';

export function roleLabel(roles: readonly Role[]): string {
  const hasUser = roles.includes('user');
  const hasAdmin = roles.includes('admin');
  if (hasUser && hasAdmin) return 'WorkSpaces user and admin';
  if (hasAdmin) return 'WorkSpaces admin';
  if (hasUser) return 'WorkSpaces user';
  return 'no WorkSpaces role';
}
