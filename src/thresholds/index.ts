/** Threshold expressions (issue 4): parse, evaluate, watch during a run. Pure except the monitor's state. */
export { ThresholdSyntaxError } from './errors.js';
export type { CompareOp, Operand, ThresholdExpr, Dimension } from './expr.js';
export { parseThreshold, dimensionOf } from './parse.js';
export type { ThresholdData } from './data.js';
export { evaluateThreshold, readOperand } from './evaluate.js';
export { collectThresholds, evaluateAll, firstAbort, ABORT_SUFFIX } from './thresholds.js';
export type { Threshold } from './thresholds.js';
export { ThresholdMonitor, liveThresholdData } from './live.js';
export { formatThresholdValue } from './format.js';
