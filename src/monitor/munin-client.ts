import { connect, type Socket } from 'node:net';

/**
 * One munin-node conversation (munin's text protocol, port 4949): read the banner
 * `# munin node at NAME`, send each command, read its answer up to the `.` line, quit.
 * Returns each answer's lines. One connection per call, so a restarted node is just the
 * next call, and no idle connection is left for the node to time out.
 */
export function muninSession(host: string, port: number, commands: readonly string[], timeoutMs: number): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port });
    const answers: string[][] = [];
    let current: string[] = [];
    let banner = false;
    let buffered = '';
    const timer = setTimeout(() => finish(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    function finish(err?: Error): void {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      if (err) reject(err);
      else resolve(answers);
    }
    function next(): void {
      const cmd = commands[answers.length];
      if (cmd === undefined) {
        socket.end('quit\n');
        finish();
      } else socket.write(`${cmd}\n`);
    }
    socket.setEncoding('utf8');
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error('munin-node closed the connection')));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).replace(/\r$/, '');
        buffered = buffered.slice(nl + 1);
        if (!banner) {
          if (!line.startsWith('# munin node at ')) return finish(new Error(`not a munin-node: "${line.slice(0, 60)}"`));
          banner = true;
          next();
        } else if (line === '.') {
          answers.push(current);
          current = [];
          next();
        } else if (line.startsWith('# Unknown service') || line.startsWith('# Bad exit')) {
          return finish(new Error(`munin-node: ${line.slice(2)} (${commands[answers.length] ?? ''})`));
        } else current.push(line);
      }
    });
  });
}

/** `field.value N` lines → field → number (`U`, munin's unknown, is left out). */
export function muninValues(lines: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines) {
    const m = /^([\w]+)\.value\s+(\S+)/.exec(line);
    if (m?.[1] && m[2] && m[2] !== 'U' && Number.isFinite(Number(m[2]))) out.set(m[1], Number(m[2]));
  }
  return out;
}
