/**
 * Checks of every path xload writes to, made before anything runs (issue 13): a run that
 * would lose its stats at the end because `--out` names a file, a folder under /proc, a full
 * disk or an earlier run must stop at once with one line and exit 2, not after an hour of
 * load. Writes at the end can still fail (the disk fills during the run): those are said by
 * the writer and the run keeps its own exit code (see write-run.ts).
 */
import {
  accessSync,
  appendFileSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readdirSync,
  realpathSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileSystemErrorText, XloadError } from '../errors.js';

/** A path xload cannot or must not write to; `code` output_path, exit 2 (usage). */
export class OutputPathError extends XloadError {
  constructor(flag: string, path: string, what: string) {
    super('output_path', `${flag} ${path}: ${what}`);
  }
}

/** Files that make a folder an earlier run's folder (any one of them). */
export const RUN_FILES = ['stats.ndjson', 'summary.json', 'report.html', 'xload.log'] as const;

/** Kernel file systems: writes there go to the kernel, not to a file anyone can read back. */
const VIRTUAL = ['/proc', '/sys', '/dev'];
/** Devices that are fine targets for a file (throwing output away, or the console). */
const DEVICES_OK = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

/** The deepest part of `path` that exists, resolved through symlinks. */
function existingAncestor(path: string): { existing: string; real: string } {
  let p = path;
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  let real = p;
  try {
    real = realpathSync(p);
  } catch {
    // A dangling symlink: the checks below say what it is.
  }
  return { existing: p, real };
}

function underVirtual(real: string): string | undefined {
  return VIRTUAL.find((v) => real === v || real.startsWith(`${v}/`));
}

/** Proves a folder takes a file: writes (and removes) 64 KiB, so a full disk shows now. */
function probeFolder(flag: string, shown: string, dir: string): void {
  const probe = join(dir, `.xload-write-probe-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'w');
    writeSync(fd, Buffer.alloc(64 * 1024));
  } catch (err) {
    throw new OutputPathError(flag, shown, `cannot write there (${fileSystemErrorText(err)}); pick another folder`);
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(probe);
    } catch {
      // Never created.
    }
  }
}

export interface FolderCheck {
  /** The flag's name as the user typed it, for the message: "--out". */
  flag: string;
  path: string;
  cwd: string;
  /** The folder is the run folder itself: an earlier run in it is refused unless `force`. */
  runFolder?: boolean;
  force?: boolean;
}

/**
 * Checks a folder xload will write into (creating nothing); returns its absolute path. Throws
 * OutputPathError: a file where the folder should be, a kernel file system, a folder that
 * takes no file (read-only, full, no permission), an earlier run without `force`.
 */
export function prepareOutputFolder(c: FolderCheck): string {
  const dir = resolve(c.cwd, c.path);
  const { existing, real } = existingAncestor(dir);
  const v = underVirtual(real);
  if (v) throw new OutputPathError(c.flag, c.path, `is under ${v}, a kernel file system, not a place for files; pick a folder on a disk`);
  let st;
  try {
    st = statSync(existing);
  } catch (err) {
    throw new OutputPathError(c.flag, c.path, `cannot read ${existing} (${fileSystemErrorText(err)})`);
  }
  if (!st.isDirectory())
    throw new OutputPathError(
      c.flag,
      c.path,
      existing === dir ? 'is a file, not a folder; name a folder' : `${existing} is a file, not a folder; name a folder`,
    );
  if (existing === dir && c.runFolder && !c.force) {
    const earlier = RUN_FILES.filter((f) => existsSync(join(dir, f)));
    if (earlier.length > 0)
      throw new OutputPathError(
        c.flag,
        c.path,
        `holds an earlier run (${earlier.join(', ')}); pick a new folder, or add --force to write over it`,
      );
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new OutputPathError(c.flag, c.path, `cannot write there (${fileSystemErrorText(err)}); pick another folder`);
  }
  try {
    readdirSync(existing);
  } catch (err) {
    throw new OutputPathError(c.flag, c.path, `cannot read ${existing} (${fileSystemErrorText(err)})`);
  }
  probeFolder(c.flag, c.path, existing);
  return dir;
}

/**
 * Checks a file xload will write at the end (`--junit`, `compare --html`): not a folder, not
 * a device or kernel file, in a folder that takes files. Creates nothing; returns the
 * absolute path. Throws OutputPathError.
 */
export function checkOutputFile(flag: string, path: string, cwd: string): string {
  const file = resolve(cwd, path);
  if (DEVICES_OK.has(file)) return file;
  const { existing, real } = existingAncestor(file);
  if (existing === file) {
    let st;
    try {
      st = statSync(file);
    } catch (err) {
      throw new OutputPathError(flag, path, `cannot read it (${fileSystemErrorText(err)})`);
    }
    if (st.isDirectory()) throw new OutputPathError(flag, path, 'is a folder, not a file; name a file in it');
    if (!st.isFile() && !DEVICES_OK.has(real))
      throw new OutputPathError(flag, path, `is ${real === file ? 'a device' : `a link to ${real}`}, not a file; name a regular file`);
    const v = underVirtual(real);
    if (v) throw new OutputPathError(flag, path, `is under ${v}, a kernel file system; name a file on a disk`);
    try {
      accessSync(file, constants.W_OK);
    } catch (err) {
      throw new OutputPathError(flag, path, `cannot write it (${fileSystemErrorText(err)})`);
    }
    probeFolder(flag, path, dirname(real));
    return file;
  }
  const v = underVirtual(real);
  if (v) throw new OutputPathError(flag, path, `is under ${v}, a kernel file system; name a file on a disk`);
  let st;
  try {
    st = statSync(existing);
  } catch (err) {
    throw new OutputPathError(flag, path, `cannot read ${existing} (${fileSystemErrorText(err)})`);
  }
  if (!st.isDirectory()) throw new OutputPathError(flag, path, `${existing} is a file, not a folder`);
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new OutputPathError(flag, path, `cannot write in ${existing} (${fileSystemErrorText(err)})`);
  }
  probeFolder(flag, path, existing);
  return file;
}

/**
 * Checks a folder xload keeps a file in across runs and appends to at the end (`capacity
 * --history DIR`): the folder as prepareOutputFolder checks it (it may be missing: it is made
 * at the end), and its file, when there is one, a regular file xload can read and write.
 * Creates nothing; throws OutputPathError.
 */
export function checkAppendFolder(flag: string, path: string, fileName: string, cwd: string): void {
  const dir = prepareOutputFolder({ flag, path, cwd });
  const file = join(dir, fileName);
  if (!existsSync(file)) return;
  const shown = join(path, fileName);
  checkOutputFile(flag, shown, cwd);
  try {
    accessSync(file, constants.R_OK);
  } catch (err) {
    throw new OutputPathError(flag, shown, `cannot read it (${fileSystemErrorText(err)})`);
  }
}

/** One line for a write that failed at the end of a run: what, where, and how to get it back. */
export function writeFailure(what: string, path: string, err: unknown): string {
  return `could not write ${what} ${path}: ${fileSystemErrorText(err)}`;
}

/** The run's log (see runLog); `fileOnly` writes a line to xload.log alone. */
export interface RunLog {
  (line: string): void;
  fileOnly(line: string): void;
}

/**
 * The run's log: each line to the console and to `path` (xload.log). When the file cannot
 * take a line (the disk filled), that is said once and the console goes on alone: a log
 * line must never be what stops a run.
 */
export function runLog(write: (s: string) => void, path: string): RunLog {
  let broken = false;
  const toFile = (line: string) => {
    if (broken) return;
    try {
      appendFileSync(path, `${new Date().toISOString()} ${line}\n`);
    } catch (err) {
      broken = true;
      write(`error: ${writeFailure('the log', path, err)}; the log goes on here only\n`);
    }
  };
  const log = (line: string) => {
    write(`${line}\n`);
    toFile(line);
  };
  return Object.assign(log, { fileOnly: toFile });
}
