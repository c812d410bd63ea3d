/**
 * Enrolled fingerprints in memory for 1:1 and 1:N matching: each record is decoded and
 * prepared once (local structures and the index key), so a probe is prepared once per request
 * and compared against prepared references; 1:N takes the engine's pre-filter shortlist.
 */
import type { FingerprintIndex, TemplateRef } from '../commands/biometric/biometric-ports.js';
import { galleryEntry, identify, type GalleryEntry } from './fingerprint/fingerprint-identify.js';
import { templateFromIsoRecord } from './fingerprint/fingerprint-record.js';
import { toPrepared, verifyFingerprint } from './fingerprint/fingerprint-verify.js';

export function createFingerprintIndex(): FingerprintIndex {
  const entries = new Map<string, { readonly ref: TemplateRef; readonly gallery: GalleryEntry }>();
  let gallery: GalleryEntry[] | undefined;
  const prepare = (record: Uint8Array) => toPrepared(templateFromIsoRecord(record));
  return {
    upsert: (ref, record) => {
      entries.set(ref.templateId, {
        ref,
        gallery: galleryEntry(ref.templateId, templateFromIsoRecord(record)),
      });
      gallery = undefined;
    },
    removeSubject: (subjectId) => {
      let removed = 0;
      for (const [id, entry] of entries)
        if (entry.ref.subjectId === subjectId) {
          entries.delete(id);
          removed++;
        }
      if (removed > 0) gallery = undefined;
      return removed;
    },
    subjectScores: (subjectId, probe) => {
      const prepared = prepare(probe);
      return [...entries.values()]
        .filter((e) => e.ref.subjectId === subjectId)
        .map((e) => ({ ...e.ref, score: verifyFingerprint(prepared, e.gallery.fingerprint).score }));
    },
    search: (probe, limit) => {
      gallery ??= [...entries.values()].map((e) => e.gallery);
      return identify(prepare(probe), gallery, limit).map((c) => ({
        ...entries.get(c.id)!.ref,
        score: c.score,
      }));
    },
  };
}
