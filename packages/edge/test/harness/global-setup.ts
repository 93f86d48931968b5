import type { TestProject } from 'vitest/node';
import { startHarness } from './fake-harness.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    harnessOrigin: string;
  }
}

/** One fake on loopback for the whole run; every runtime under test reaches it over TCP. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const harness = await startHarness();
  project.provide('harnessOrigin', harness.origin);
  return () => harness.close();
}
