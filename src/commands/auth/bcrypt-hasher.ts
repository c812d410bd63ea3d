/** bcrypt behind the PasswordHasher port; the cost comes from config (12 by default). */
import bcrypt from 'bcrypt';
import type { PasswordHasher } from './identity.service.js';

export function bcryptHasher(cost: number): PasswordHasher {
  return {
    hash: (password) => bcrypt.hash(password, cost),
    verify: (password, hash) => bcrypt.compare(password, hash),
  };
}
