/** What every health & safety route file shares: the path prefix, the role groups and the command answer. */
import { commandResponseSchema } from '../command-http.js';

export const BASE = '/api/health-safety';
export const OFFICER = ['safety_officer'] as const;
export const READERS = ['safety_officer', 'analyst', 'executive'] as const;
export const tags = ['health-safety'];
export const Ok = commandResponseSchema();
