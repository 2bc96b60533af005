import {
  coreServices,
  createServiceFactory,
  type SchedulerService,
} from '@backstage/backend-plugin-api';

const UNIT_MS: Record<string, number> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

/** A task's frequency in milliseconds; undefined for cron and manual triggers. */
function everyMs(frequency: object): number | undefined {
  if ('cron' in frequency || 'trigger' in frequency) return undefined;
  return Object.entries(frequency).reduce(
    (sum, [unit, n]) => sum + (UNIT_MS[unit] ?? 0) * Number(n),
    0,
  );
}

/**
 * A scheduler that runs each task at once and then on its frequency, by the clock — unlike
 * the test backend's default, which runs each task once at start-up. For tests that prove
 * the plugin recovers by itself (no "sync now"). A run never overlaps the previous one of
 * the same task; shutdown stops every timer.
 */
export function clockSchedulerFactory() {
  return createServiceFactory({
    service: coreServices.scheduler,
    deps: { lifecycle: coreServices.lifecycle },
    factory({ lifecycle }) {
      const timers = new Set<NodeJS.Timeout>();
      const abort = new AbortController();
      let stopped = false;
      lifecycle.addShutdownHook(() => {
        stopped = true;
        abort.abort();
        timers.forEach(clearTimeout);
      });
      const later = (fn: () => void, ms: number) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          fn();
        }, ms);
        timers.add(timer);
      };
      const scheduler: SchedulerService = {
        async scheduleTask(task) {
          const every = everyMs(task.frequency);
          const run = async () => {
            if (stopped) return;
            try {
              await task.fn(abort.signal);
            } catch {
              // A failed run is the task's business; the next one comes on time.
            }
            if (every !== undefined && !stopped) later(run, every);
          };
          later(run, 0);
        },
        createScheduledTaskRunner: schedule => ({
          run: task => scheduler.scheduleTask({ ...schedule, ...task }),
        }),
        async triggerTask() {},
        async cancelTask() {},
        async getScheduledTasks() {
          return [];
        },
      };
      return scheduler;
    },
  });
}
