import type { ControlReporter } from './control-reporter.js';

/**
 * Tells the control plane who the host is, one report at a time and latest first: changes that
 * come while a report is under way collapse into one report of the newest host, so reports
 * cannot arrive out of order and the control plane always ends up with the game server's choice.
 */
export function hostReports(reporter: Pick<ControlReporter, 'host'>): (playerId: string) => void {
  let latest: string | null = null;
  let reported: string | null = null;
  let sending = false;
  const send = async () => {
    sending = true;
    while (latest !== null && latest !== reported) {
      const playerId = latest;
      if (await reporter.host({ playerId })) reported = playerId;
      else break; // Refused even after retries: the next change tries again.
    }
    sending = false;
  };
  return (playerId) => {
    latest = playerId;
    if (!sending) void send();
  };
}
