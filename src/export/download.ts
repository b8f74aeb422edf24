/** Saving an export: file names safe on every desktop system, and the browser download itself. */

/** A file name without the characters Windows refuses (\ / : * ? " < > | and control characters). */
export function safeFileName(name: string): string {
  return [...name].map((ch) => ((ch.codePointAt(0) ?? 0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('').trim();
}

/** A file name from Chinese parts joined by "_": 如皋市_走访合规率月度趋势_2026-10-31.png */
export function exportFileName(parts: (string | null | undefined)[], extension: string): string {
  const base = parts
    .map((p) => safeFileName((p ?? '').replace(/[\s·]+/g, '_')).replace(/^_+|_+$/g, ''))
    .filter((p) => p.length > 0)
    .join('_')
    .replace(/_{2,}/g, '_');
  return `${base}.${extension}`;
}

/** Starts a download of `data` as `fileName` (nothing leaves the machine: the file is made in the page). */
export function downloadFile(fileName: string, data: Blob | string | Uint8Array<ArrayBuffer>, type = 'application/octet-stream'): void {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
