/** A configuration problem, phrased for the operator who has to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}. ${fix}`);
    this.name = 'ConfigError';
  }
}
