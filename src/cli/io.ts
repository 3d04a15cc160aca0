/**
 * Where a command writes. The CLI passes the process streams; tests pass collectors.
 */

/** Output sinks for a command: one line per call. */
export interface CommandIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

/** Writes to the process's streams. */
export const processIo: CommandIo = {
  stdout: (line) => void process.stdout.write(`${line}\n`),
  stderr: (line) => void process.stderr.write(`${line}\n`),
};
