/** Threshold expressions (issue 4): parse and evaluate. Pure; the live watch is an output (src/output/live-thresholds.ts). */
export { ThresholdSyntaxError } from './errors.js';
export type { CompareOp, Operand, ThresholdExpr, Dimension } from './expr.js';
export { parseThreshold, dimensionOf } from './parse.js';
export type { ThresholdData, ThresholdSummary } from './data.js';
export type { ThresholdResult } from './result.js';
export { evaluateThreshold, readOperand } from './evaluate.js';
export { collectThresholds, evaluateAll, firstAbort, ABORT_SUFFIX } from './thresholds.js';
export type { Threshold } from './thresholds.js';
export { formatThresholdValue } from './format.js';
