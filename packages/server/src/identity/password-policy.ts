import { dictionary } from '@zxcvbn-ts/language-common';

const RESERVED_USERNAMES = new Set([
  'admin',
  'administrator',
  'root',
  'system',
  'parlor',
  'support',
  'moderator',
  'mod',
  'staff',
  'official',
  'null',
  'undefined',
  'anonymous',
  'everyone',
  'here',
  'me',
  'api',
  'www',
  'help',
  'security',
  'lobby',
  'server',
  'host',
  'owner',
  'superuser',
  'sysadmin',
  'webmaster',
  'postmaster',
  'abuse',
  'noreply',
]);

export const usernameKey = (username: string): string => username.toLowerCase();

export function isReservedUsername(username: string): boolean {
  const key = usernameKey(username).replace(/[-_]/g, '');
  return RESERVED_USERNAMES.has(key) || key.startsWith('system');
}

/**
 * ASVS 5 password checks beyond length: refuse passwords from the list of common ones
 * (about 49,000 from zxcvbn's corpus) and ones that are the username. No composition rules.
 */
export class PasswordPolicy {
  private readonly common: Set<string>;

  constructor(list: readonly string[] = dictionary['passwords-common'] as string[]) {
    this.common = new Set(list.map((p) => p.toLowerCase()));
  }

  problem(password: string, username: string): string | undefined {
    if (this.common.has(password.toLowerCase()))
      return 'this password is on the list of commonly used passwords';
    if (password.toLowerCase() === username.toLowerCase()) return 'the password must not be the username';
    return undefined;
  }
}
