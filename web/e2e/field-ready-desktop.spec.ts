import { describe } from 'vitest';
import { DESKTOP, everyPageAt, useFieldReadyE2E } from './every-page';
import { browserAvailable } from './harness';

describe.runIf(browserAvailable())("the app at a laptop's width (1366 × 768)", () => {
  // Every demo role at a laptop's width (at a phone's: field-ready.spec.ts).
  everyPageAt(useFieldReadyE2E(), DESKTOP);
});
