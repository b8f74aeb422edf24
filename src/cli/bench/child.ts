/**
 * Each step of a scale (generate, browser, sql) runs in its own Node process with a time limit, so that a step that
 * runs out of memory, hangs or crashes is recorded as such and the other scales still run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type StepOutcome<T> =
  | { status: 'ok'; ms: number; result: T }
  | { status: 'failed' | 'timeout'; ms: number; error: string; /** What the step had measured when it stopped. */ partial?: T };

/** Heap limit of the child processes, MB: the province population holds ~6M visit rows as objects. */
const CHILD_HEAP_MB = 12_288;

/**
 * Runs `node --import tsx <script> --result <file> ...args` with a time limit; its output is forwarded line by line
 * with `label` in front. Resolves (never rejects) with the JSON the child wrote to the result file, or the error.
 */
export function runStep<T>(label: string, script: string, args: string[], resultFile: string, timeoutMs: number): Promise<StepOutcome<T>> {
  rmSync(resultFile, { force: true });
  rmSync(`${resultFile}.partial`, { force: true });
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${CHILD_HEAP_MB}`, '--import', 'tsx', script, '--result', resultFile, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let tail = '';
    const forward = (stream: NodeJS.ReadableStream, isErr: boolean) => {
      let buffer = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          (isErr ? process.stderr : process.stdout).write(`  [${label}] ${line}\n`);
          if (isErr) tail = `${tail}${line}\n`.slice(-4000);
        }
      });
    };
    forward(child.stdout, false);
    forward(child.stderr, true);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 15_000).unref();
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = Math.round(performance.now() - started);
      const partialFile = `${resultFile}.partial`;
      const partial = existsSync(partialFile) ? (JSON.parse(readFileSync(partialFile, 'utf8')) as T) : undefined;
      if (timedOut) {
        done({ status: 'timeout', ms, error: `stopped after ${Math.round(timeoutMs / 1000)} s (time limit of the step)`, partial });
      } else if (code === 0 && existsSync(resultFile)) {
        done({ status: 'ok', ms, result: JSON.parse(readFileSync(resultFile, 'utf8')) as T });
      } else {
        const last = tail.trim().split('\n').slice(-6).join('\n');
        done({ status: 'failed', ms, error: `exit ${code ?? signal}${last ? `: ${last}` : ''}`, partial });
      }
    });
  });
}

/**
 * The body of a step's child process: parses `--result FILE` plus the step's own options, runs `body`, writes its
 * JSON result. `partial` saves what is measured so far (kept if the step later fails or runs out of time). Exits 1
 * (printing the error) if it throws, and stops cleanly on SIGTERM.
 */
export function childMain<T>(
  options: NonNullable<ParseArgsConfig['options']>,
  body: (values: Record<string, string | boolean | undefined>, partial: (result: T) => void) => Promise<T>,
): void {
  const values = parseArgs({ options: { ...options, result: { type: 'string' } } }).values as Record<string, string | boolean | undefined>;
  const resultFile = values.result;
  if (typeof resultFile !== 'string') throw new Error('--result FILE is required');
  process.on('SIGTERM', () => {
    console.error('stopped (time limit)');
    process.exit(124);
  });
  const partial = (result: T) => writeFileSync(`${resultFile}.partial`, JSON.stringify(result));
  body(values, partial).then(
    (result) => {
      writeFileSync(resultFile, JSON.stringify(result, null, 2));
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    },
  );
}
