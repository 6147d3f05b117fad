import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, Command, StackInfo } from './protocol.js';

/** The parent's side of bench/stack.ts: fork it, wait until it serves, send it commands. */
export class StackProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly info: StackInfo,
  ) {
    child.on('message', (message: ChildMessage) => {
      if (message.type !== 'reply') return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new Error(message.error));
    });
    child.once('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`the stack process exited (${code})`));
      this.pending.clear();
    });
  }

  get pid() {
    return this.child.pid;
  }

  static start(env: NodeJS.ProcessEnv, logPath: string, onProgress: (text: string) => void): Promise<StackProcess> {
    const logFd = openSync(logPath, 'a');
    // BENCH_CODE_DIR: another checkout (e.g. a `git worktree` of the previous commit) for before/after of a code change.
    const codeDir = env.BENCH_CODE_DIR || undefined;
    const script = codeDir ? join(codeDir, 'bench/stack.ts') : fileURLToPath(new URL('./stack.ts', import.meta.url));
    const child = fork(script, [], {
      cwd: codeDir,
      // BENCH_STACK_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the stack spends its time.
      execArgv: ['--import', 'tsx', ...(env.BENCH_STACK_NODE_ARGS ?? '').split(' ').filter(Boolean)],
      env,
      stdio: ['ignore', logFd, logFd, 'ipc'],
    });
    closeSync(logFd);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the stack did not start within 180 s; see ${logPath}`));
      }, 180_000);
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'progress') onProgress(message.text);
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(new StackProcess(child, message.info));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the stack process exited with code ${code} before it was ready; see ${logPath}`));
      });
    });
  }

  call<T>(command: Command, timeoutMs = 900_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`stack command ${command.cmd} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      this.child.send({ id, command });
    });
  }

  /** Orderly stop (drains the workers, stops the dev server); SIGKILL if that hangs. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.call({ cmd: 'stop' }, 30_000).catch(() => this.child.kill('SIGKILL'));
    await exited;
    clearTimeout(killer);
  }
}
