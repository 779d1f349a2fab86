/** The slice of a pino logger the launchers and the warm pool use, so tests can pass a silent one. */
export interface LauncherLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export const silentLauncherLog: LauncherLog = { info() {}, warn() {} };
