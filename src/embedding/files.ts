import { access } from 'node:fs/promises';

/** Whether a file or folder exists (a failed `access` of any kind counts as absent). */
export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
