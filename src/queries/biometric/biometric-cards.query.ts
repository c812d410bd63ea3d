/** Card lookups on the cards read model. */
import type { ReadDb } from '../read-db.js';

export type CardView = {
  readonly cardNumber: string;
  readonly facilityCode: number | null;
  readonly holderType: 'employee' | 'visitor';
  readonly holderId: string;
  readonly active: boolean;
};

type CardRow = {
  card_number: string;
  facility_code: number | null;
  holder_type: 'employee' | 'visitor';
  holder_id: string;
  active: number | boolean;
};

export async function findCard(db: ReadDb, cardNumber: string): Promise<CardView | undefined> {
  const row = await db<CardRow>('biometric_cards').where({ card_number: cardNumber }).first();
  if (row === undefined) return undefined;
  return {
    cardNumber: row.card_number,
    facilityCode: row.facility_code === null ? null : Number(row.facility_code),
    holderType: row.holder_type,
    holderId: row.holder_id,
    active: Boolean(row.active),
  };
}
