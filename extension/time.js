// Local dates and times as the API wants them: ISO 8601 with the user's UTC offset.

const pad = (n) => String(n).padStart(2, "0");

/** A Date as local ISO 8601 with offset, e.g. 2026-11-26T10:00:00+01:00. */
export function localIso(date) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return `${localDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A Date's local calendar day as YYYY-MM-DD. */
export function localDay(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "YYYY-MM-DD" and "HH:MM" from form inputs as a local Date, or null when either is malformed. */
export function fromInputs(day, time) {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || "");
  const t = /^(\d{2}):(\d{2})$/.exec(time || "");
  if (!d || !t) return null;
  const date = new Date(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A short human date and time for an ISO string, or "" when it is not one. */
export function human(iso) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "";
  return new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" })
    .format(new Date(ms));
}
