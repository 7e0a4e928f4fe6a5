import { runDoctor } from '../libs/platform/src/doctor/run-doctor';

/**
 * `npm run doctor`: preflight checks for operators. The checks live in
 * libs/platform/src/doctor so Jest can test them; this only sets the exit code.
 * exitCode rather than exit(), so stdout is flushed when piped to a file or CI log.
 */
runDoctor().then(
  (failures) => {
    process.exitCode = failures === 0 ? 0 : 1;
  },
  (error: unknown) => {
    process.stdout.write(`✖ doctor could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
