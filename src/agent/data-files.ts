import { closeSync, constants, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { notAFileKind } from '../read-regular-file.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Plan } from '../scenario/plan.js';
import { storyOps } from '../scenario/story-ops.js';

/** Largest file_server file an agent reads: user lists are MiBs; a plan must not make it read a disk. */
export const MAX_DATA_FILE_BYTES = 256 * 1024 * 1024;

/** Why the files a plan names cannot be read here; sent back to the coordinator as `refused`. */
export interface FileRefusal {
  code: 'agent_file';
  message: string;
}

/**
 * An agent reads the plan's file_server files only under its --data-dir (symlinks resolved,
 * so a link cannot lead out), only regular files, at most MAX_DATA_FILE_BYTES each, and
 * only if it can open and read them: checked before any thread starts, so an unreadable
 * file is an answer to the coordinator, not a dead worker.
 */
export function checkPlanFiles(
  plan: Plan,
  dataDir: string | undefined,
  maxBytes = MAX_DATA_FILE_BYTES,
  allowStories = false,
): FileRefusal | null {
  const refuse = (message: string): FileRefusal => ({ code: 'agent_file', message });
  // A story module is code this agent would run: only with --allow-stories, and only from
  // --data-dir, so a coordinator can name only what the agent's operator put there.
  const stories = storyOps(plan);
  if (stories.length > 0 && !allowStories) {
    return refuse(
      `the plan runs the story module ${stories[0]!.file} but this agent was started without --allow-stories, so it runs no story code`,
    );
  }
  const files = [
    ...plan.options.fileServers.map((f) => ({ what: `file_server "${f.id}" (${f.path})`, path: f.path })),
    ...stories.map((s) => ({ what: `story module ${s.file}`, path: s.file })),
  ];
  if (files.length === 0) return null;
  if (dataDir === undefined) {
    return refuse(`the plan reads ${files[0]!.what} but this agent was started without --data-dir, so it reads no files`);
  }
  let root: string;
  try {
    root = realpathSync(dataDir);
  } catch (err) {
    return refuse(`--data-dir ${dataDir}: ${(err as Error).message}`);
  }
  for (const f of files) {
    const what = f.what;
    if (!isAbsolute(f.path)) return refuse(`${what}: not an absolute path`);
    let real: string;
    try {
      real = realpathSync(resolve(f.path));
    } catch (err) {
      return refuse(`${what}: ${describe(err)}`);
    }
    const rel = relative(root, real);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
      return refuse(`${what} is outside this agent's --data-dir ${root}`);
    }
    try {
      const st = statSync(real);
      const kind = notAFileKind(st);
      if (kind !== null) return refuse(`${what} is ${kind}, not a regular file`);
      if (st.size > maxBytes) return refuse(`${what} is ${st.size} bytes, over the agent's ${maxBytes}-byte limit`);
      // Non-blocking: should it have become a FIFO since the stat, the probe does not wait for a writer.
      const fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
      try {
        readSync(fd, Buffer.alloc(1), 0, 1, 0);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      return refuse(`${what}: ${describe(err)}`);
    }
  }
  return null;
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file on this agent';
  if (e.code === 'EACCES') return 'permission denied on this agent';
  if (e.code === 'EISDIR') return 'it is a folder, not a file';
  return e.message ?? String(err);
}
