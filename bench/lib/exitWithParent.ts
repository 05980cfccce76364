/**
 * Preloaded (`--import`) into every Node process the API benchmark starts: if the
 * benchmark dies without cleaning up (killed, or its tsx wrapper gave up on it),
 * the process notices it was orphaned and stops, instead of serving on forever.
 */
const parent = process.ppid;
/** How long a graceful stop may take before the process is killed outright. */
const GRACE_MS = 5_000;

const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), GRACE_MS).unref();
}, 1_000);
watch.unref();
