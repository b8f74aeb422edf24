import type { ExtractSource } from './load-extract';
import { MAX_FILE_BYTES } from './http-source';
import { loadProblems as msg } from '../i18n/zh';

/**
 * An extract picked by the user (files, a folder, or dropped): read in the page, never uploaded anywhere.
 * Files are matched by name, ignoring any folder part, so picking a folder or its files works alike.
 */
export function fileSource(files: readonly File[]): ExtractSource {
  const byName = new Map<string, File>();
  for (const f of files) byName.set(f.name, f);
  const get = (name: string): File => {
    const file = byName.get(name);
    if (!file) throw new Error(msg.notPicked(name));
    if (file.size > MAX_FILE_BYTES) throw new Error(msg.tooLarge(name, Math.round(file.size / 1048576), Math.round(MAX_FILE_BYTES / 1048576)));
    return file;
  };
  return {
    readManifest: async () => {
      // A parse error is told in Chinese by the loader, its text kept for 详细信息.
      return JSON.parse(await get('manifest.json').text()) as unknown;
    },
    readFile: async (name) => new Uint8Array(await get(name).arrayBuffer()),
  };
}
