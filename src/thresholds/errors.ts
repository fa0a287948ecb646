import { XloadError } from '../errors.js';

/**
 * A threshold expression that does not parse or names something xload cannot measure.
 * `offset` is the 0-based index in `expr` where the problem starts, so the scenario
 * checker can point at the column and `--threshold` can underline it.
 */
export class ThresholdSyntaxError extends XloadError {
  constructor(
    readonly expr: string,
    readonly offset: number,
    readonly problem: string,
    readonly hint: string,
  ) {
    super('threshold_syntax', `threshold "${expr}": ${problem}${hint ? `; ${hint}` : ''}`);
  }
}
