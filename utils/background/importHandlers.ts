// CSV import (issue #6), the background's side: the options page parses the file in batches of
// rows and sends them here; each batch is validated, matched against the workspace with the
// duplicate matcher and written in one transaction (records + outbox entries). Batches carry the
// import's context, so a service worker restarted mid-import carries on (the ids are stable per
// file and row, so a batch sent twice changes nothing). At the end the match index is saved under
// a new records generation and every open surface is told to refresh.
//
// An import nobody drives any more (the page was closed, or a batch came without an
// `import/start` and nothing followed) does not stay "running": after IMPORT_IDLE_MS without a
// message it reads as failed, with the reason, and later batches for it are refused.
import type { Db } from '../store/db';
import type { RequestHandlers } from '../messaging/router';
import type { BackgroundDeps } from './handlers';
import { createMatchService, type MatchService } from './matchService';
import { bumpRecordsGeneration } from './workspace';
import { getSetting, setSetting } from '../store/settings';
import { importBatch, type ImportContext } from '../import/background/apply';
import { FIELDS, type ColumnMap, type Field } from '../import/columns';
import type { ImportStatus } from '../messaging/importProtocol';

type ImportHandlers = Pick<RequestHandlers, 'import/start' | 'import/batch' | 'import/finish' | 'import/status' | 'import/cancel'>;

type Session = { status: ImportStatus; queue: Promise<unknown>; changed: boolean; lastAt: number; busy: number };

/** An import with no message for this long has stopped (the page waits for each batch, so gaps are short). */
export const IMPORT_IDLE_MS = 5 * 60_000;

const IDLE_ERROR = `No rows arrived for ${IMPORT_IDLE_MS / 60_000} minutes, so the import stopped (was the page that sent it closed?). Rows already imported are kept; start it again to import the rest.`;

/** Only known fields, only existing columns. */
function cleanMap(map: Record<string, number[]>, columns: number): ColumnMap {
  const out: ColumnMap = {};
  for (const [field, cols] of Object.entries(map)) {
    if (!(FIELDS as readonly string[]).includes(field)) continue;
    const ok = [...new Set(cols.filter((c) => c < columns))];
    if (ok.length) out[field as Field] = ok;
  }
  return out;
}

export function createImportHandlers(deps: BackgroundDeps): ImportHandlers {
  const matches: MatchService = deps.matches ?? createMatchService(deps.now);
  const sessions = new Map<string, Session>();
  let last: string | undefined;

  const sessionOf = (importId: string, init?: () => ImportStatus): Session => {
    let s = sessions.get(importId);
    if (!s) {
      if (!init) throw new Error('No such import: it may have ended, or the extension was restarted. Start it again; rows already imported are not imported twice.');
      s = { status: init(), queue: Promise.resolve(), changed: false, lastAt: deps.now().getTime(), busy: 0 };
      sessions.set(importId, s);
      last = importId;
      // keep the last few only
      for (const id of sessions.keys()) if (sessions.size > 5 && id !== importId) sessions.delete(id);
    }
    return s;
  };

  /** A running import nobody has driven for IMPORT_IDLE_MS has failed; otherwise this message keeps it alive. */
  const touch = (s: Session): void => {
    const now = deps.now().getTime();
    if (s.status.state === 'running' && s.busy === 0 && now - s.lastAt > IMPORT_IDLE_MS) {
      s.status = { ...s.status, state: 'failed', error: IDLE_ERROR, finishedAt: new Date(s.lastAt + IMPORT_IDLE_MS).toISOString() };
    }
    s.lastAt = now;
  };

  /** The index and every surface catch up with the imported records. */
  const settle = async (db: Db, s: Session) => {
    if (!s.changed) return;
    s.changed = false;
    const indexes = await matches.indexes(db);
    await bumpRecordsGeneration(db, deps.now());
    const generation = (await getSetting(db, 'recordsGeneration')) ?? 0;
    // The in-memory indexes already hold the imported records: save them under the new
    // generation, so the next lookup restores them instead of rebuilding from every record.
    await setSetting(db, 'matchIndex', { generation, people: indexes.people.serialize(), accounts: indexes.accounts.serialize() }, deps.now());
    deps.broadcast({ type: 'event/entities-changed', ids: [] });
    deps.broadcast({ type: 'event/workspace-changed' });
    if (s.status.queued > 0) void deps.sync?.().then((sync) => sync.kick({ pull: 'never' }), () => {});
  };

  const end = async (importId: string, state: 'done' | 'cancelled') => {
    const s = sessionOf(importId);
    touch(s);
    if (s.status.state === 'running') s.status = { ...s.status, state };
    const run = s.queue.then(async () => {
      await settle(await deps.db(), s);
      s.status = { ...s.status, finishedAt: s.status.finishedAt ?? deps.now().toISOString() };
    });
    s.queue = run.catch(() => {});
    await run;
    return s.status;
  };

  return {
    'import/start': async (request) => {
      const s = sessionOf(request.importId, () => ({
        importId: request.importId,
        fileName: request.fileName,
        kind: request.kind,
        state: 'running',
        totalRows: request.totalRows,
        read: 0,
        imported: 0,
        merged: 0,
        unchanged: 0,
        rejected: 0,
        queued: 0,
        startedAt: deps.now().toISOString(),
      }));
      touch(s);
      return s.status;
    },
    'import/batch': async (request) => {
      const s = sessionOf(request.importId, () => ({
        importId: request.importId,
        fileName: '',
        kind: request.kind,
        state: 'running',
        totalRows: 0,
        read: 0,
        imported: 0,
        merged: 0,
        unchanged: 0,
        rejected: 0,
        queued: 0,
        startedAt: deps.now().toISOString(),
      }));
      touch(s);
      if (s.status.state !== 'running') {
        return { read: 0, imported: 0, merged: 0, unchanged: 0, queued: 0, rejected: [], merges: [], cancelled: true };
      }
      const ctx: ImportContext = {
        kind: request.kind,
        fileKey: request.fileKey,
        headers: request.headers,
        map: cleanMap(request.map, request.headers.length),
        ...(request.crm ? { crm: request.crm } : {}),
        ...(request.personKind ? { personKind: request.personKind } : {}),
        ...(request.leadsFile ? { leadsFile: true } : {}),
        ...(request.dateOrder ? { dateOrder: request.dateOrder } : {}),
      };
      // one batch at a time per import, in the order they arrive
      s.busy++;
      const run = s.queue.then(async () => {
        const db = await deps.db();
        const indexes = await matches.indexes(db);
        try {
          return await importBatch(db, indexes, ctx, request.rows, deps.now());
        } catch (error) {
          // The index may hold records the failed transaction did not write: rebuild it.
          await bumpRecordsGeneration(db, deps.now()).catch(() => {});
          s.status = { ...s.status, state: 'failed', error: error instanceof Error ? error.message : String(error) };
          throw error;
        }
      });
      s.queue = run.catch(() => {});
      const result = await run.finally(() => {
        s.busy--;
        s.lastAt = deps.now().getTime();
      });
      s.changed ||= result.imported + result.merged > 0;
      const st = s.status;
      s.status = {
        ...st,
        read: st.read + result.read,
        imported: st.imported + result.imported,
        merged: st.merged + result.merged,
        unchanged: st.unchanged + result.unchanged,
        rejected: st.rejected + result.rejected.length,
        queued: st.queued + result.queued,
      };
      return { ...result, cancelled: false };
    },
    'import/finish': async ({ importId }) => end(importId, 'done'),
    'import/cancel': async ({ importId }) => end(importId, 'cancelled'),
    'import/status': async ({ importId }) => {
      const id = importId ?? last;
      const s = id ? sessions.get(id) : undefined;
      if (!s) return {};
      // asking is not driving: only see whether it went idle
      const lastAt = s.lastAt;
      touch(s);
      s.lastAt = lastAt;
      return { current: s.status };
    },
  };
}
