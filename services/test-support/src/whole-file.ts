// Files that a test in another process reads while this one may still be writing them (the mailbox's mails, the OTLP
// receiver's batches): written under a name the readers skip, then renamed, so that a reader sees the whole file or
// none. A rename within one folder is atomic on POSIX; write-file-atomic would add fsync and ownership, which files
// that live as long as one test run do not need.
import { renameSync, writeFileSync } from 'node:fs';

export function writeWholeFile(file: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}
