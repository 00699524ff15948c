import { open } from 'node:fs/promises';

const tailBytes = 8192;

/** The last `lineCount` non-empty lines of a log file, or a note when it cannot be read. */
export const readLogTail = async (logFile: string, lineCount = 20): Promise<string> => {
  try {
    const handle = await open(logFile, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, tailBytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      const lines = buffer
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
      return lines.slice(-lineCount).join('\n');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return `(could not read ${logFile}: ${(error as Error).message})`;
  }
};
