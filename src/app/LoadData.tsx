import { useState, type DragEvent } from 'react';
import type { Connector } from '../db/connector';
import { browserParquetDecoder } from '../db/browser-parquet';
import { fileSource } from '../db/file-source';
import { loadExtract, type LoadedExtract, type LoadProgress } from '../db/load-extract';
import { pageBudget } from '../db/memory-budget';
import { loadDialog as t } from '../i18n/zh';
import type { Problem } from '../i18n/errors';
import { ProblemList } from './ProblemList';
import { problemsOf } from './use-extract';

/** The embedded demos (vite.config.ts copies them into the build), opened by a new page load with `?extract=`. */
const DEMO_LINKS = [
  { href: '?extract=demo/', label: t.countyDemo, testId: 'open-county-demo' },
  { href: '?extract=demo-nantong/', label: t.cityDemo, testId: 'open-city-demo' },
] as const;

type State = { kind: 'idle' } | { kind: 'loading'; progress: LoadProgress | null } | { kind: 'error'; problems: Problem[] };

/** Every file under a dropped entry (folders are read recursively). */
async function filesOf(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) return [await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail))];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const out: File[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) return out;
    for (const e of batch) out.push(...(await filesOf(e)));
  }
}

/**
 * 载入数据: pick files or a folder, or drop them. The extract is checked in full before it replaces anything, so
 * a refused one leaves the data on screen usable; nothing leaves the page.
 */
export function LoadData({ conn, onLoaded }: { conn: Connector; onLoaded: (extract: LoadedExtract) => void }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [over, setOver] = useState(false);

  const load = async (files: File[]) => {
    if (files.length === 0) return;
    setState({ kind: 'loading', progress: null });
    try {
      const decode = await browserParquetDecoder();
      // On success the dashboard is redrawn for the new extract (its header names the county and date) and this
      // dialog closes with it.
      const budget = pageBudget();
      let extract: LoadedExtract;
      try {
        // Every county's rows from the chosen files, and the aggregate tables the views above the county read.
        extract = await loadExtract(conn, fileSource(files, budget), decode, (progress) => setState({ kind: 'loading', progress }), budget, { aggregates: true });
      } finally {
        decode.close();
      }
      onLoaded(extract);
    } catch (e) {
      setState({ kind: 'error', problems: problemsOf(e) });
    }
  };
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry()).filter((x): x is FileSystemEntry => x !== null);
    const files = entries.length > 0 ? (await Promise.all(entries.map(filesOf))).flat() : [...e.dataTransfer.files];
    await load(files);
  };

  if (!open) {
    return (
      <button type="button" className="load-button" onClick={() => setOpen(true)} data-testid="load-open">
        {t.button}
      </button>
    );
  }
  const busy = state.kind === 'loading';
  return (
    <div className="load-dialog" role="dialog" aria-label={t.title} data-testid="load-dialog">
      <div className="load-head">
        <b>{t.title}</b>
        <button type="button" onClick={() => setOpen(false)} disabled={busy}>
          {t.close}
        </button>
      </div>
      <p className="note">{t.intro}</p>
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => void onDrop(e)}
      >
        {t.drop}
      </div>
      <div className="load-pickers">
        <label>
          {t.pickFiles}
          <input type="file" multiple accept=".json,.parquet" disabled={busy} data-testid="load-files" onChange={(e) => void load([...(e.target.files ?? [])])} />
        </label>
        <label>
          {t.pickFolder}
          <input type="file" disabled={busy} data-testid="load-folder" {...{ webkitdirectory: '' }} onChange={(e) => void load([...(e.target.files ?? [])])} />
        </label>
      </div>
      <p className="load-demos">
        {DEMO_LINKS.map((d) => (
          <a key={d.href} href={d.href} data-testid={d.testId}>
            {d.label}
          </a>
        ))}
      </p>
      {state.kind === 'loading' && (
        <div className="load-progress" data-testid="load-progress">
          <progress value={state.progress?.done ?? 0} max={state.progress?.total ?? 1} />
          <span>{state.progress ? t.loading(state.progress.done, state.progress.total, state.progress.table) : t.checking}</span>
        </div>
      )}
      {state.kind === 'error' && (
        <div className="load-errors" role="alert" data-testid="load-dialog-error">
          <p>{t.failed}</p>
          <ProblemList problems={state.problems} />
        </div>
      )}
    </div>
  );
}
