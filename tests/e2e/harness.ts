// End-to-end harness shared by the e2e tests (vitest) and `npm run demo`, one file per concern in
// harness/: the browser (find Chromium, build the extension, launch Chromium with it), fixtures
// (pages served at their real URLs by request interception, everything else aborted and
// recorded), the page (single-page-app navigation, what a page could observe), the surfaces (what
// a Dealside surface shows), the network (requests routed to local fake servers), screenshots
// (when a test fails) and accessibility (axe, names, focus).
export * from './harness/browser';
export * from './harness/fixtures';
export * from './harness/page';
export * from './harness/surfaces';
export * from './harness/screenshots';
export * from './harness/network';
export * from './harness/accessibility';
export * from './harness/options';
