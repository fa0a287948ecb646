/** Server monitoring (issue 14): monitors read on the coordinator, behind MonitorSet. */
export type { Monitor, MonitorEvents, MonitorSample, MonitorSetSample } from './types.js';
export { MonitorSet, type MonitorOpenFailure, type MonitorSetOptions } from './monitor-set.js';
export { createMonitor } from './create.js';
export { MonitorRefusedError, MonitorSampleError, MonitorUnreachableError } from './errors.js';
