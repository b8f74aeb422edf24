import type { ExtractSource } from './load-extract';
import { extractAllowance } from './http-source';
import { BudgetError, pageBudget, toMb, type MemoryBudget } from './memory-budget';
import { loadProblems as msg, memoryProblems as memMsg } from '../i18n/zh';

/**
 * An extract picked by the user (files, a folder, or dropped): read in the page, never uploaded anywhere.
 * Files are matched by name, ignoring any folder part, so picking a folder or its files works alike. Each file's
 * size counts against `budget` before it is read.
 */
export function fileSource(files: readonly File[], budget: MemoryBudget = pageBudget()): ExtractSource {
  const byName = new Map<string, File>();
  for (const f of files) byName.set(f.name, f);
  const allowance = extractAllowance(budget);
  const get = (name: string): File => {
    const file = byName.get(name);
    if (!file) throw new Error(msg.notPicked(name));
    if (file.size > allowance.limit) throw new BudgetError(memMsg.fileTooLarge(name, toMb(file.size), toMb(allowance.limit)));
    allowance.take(name, file.size);
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
