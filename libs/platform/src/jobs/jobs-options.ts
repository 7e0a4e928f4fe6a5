/** Which app this process is; with JOB_PROCESSING it decides whether the process runs jobs (JobWorkers). */
export class JobsOptions {
  constructor(readonly role: 'api' | 'worker') {}
}
