/**
 * Test support other packages' tests share (`@parlor/game-server/testing`): a stand-in control
 * plane for game servers, and the one wait helper. Not loaded by the runtime itself.
 */
export { ControlPlaneStub, type RecordedReport, type StubAnswer } from './control-plane-stub.js';
export { until, type UntilOptions } from './until.js';
