// Moments in the user's timezone (the profile's IANA zone), whatever the browser's own zone is.

const pad = (n) => String(n).padStart(2, "0");

/** Minutes east of UTC that `zone` is at the instant `ms`. */
export function offsetMinutes(zone, ms) {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName")?.value || "GMT";
  const m = /GMT([+-])(\d{1,2}):?(\d{2})?/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] || 0)) : 0;
}

function offsetText(minutes) {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2026-03-02" and "10:00" on the wall clock of `zone` as ISO 8601 with that zone's offset, or null. */
export function zonedIso(day, time, zone) {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || "");
  const t = /^(\d{2}):(\d{2})$/.exec(time || "");
  if (!d || !t) return null;
  const wall = Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]);
  // the offset at the wall time read as UTC, corrected once for the hours it is off by (DST edges)
  let offset = offsetMinutes(zone, wall);
  offset = offsetMinutes(zone, wall - offset * 60000);
  return `${day}T${time}:00${offsetText(offset)}`;
}

/** The wall-clock day ("YYYY-MM-DD") and time ("HH:MM") of a moment in `zone`. */
export function wallClock(value, zone) {
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (Number.isNaN(ms)) return { day: "", time: "" };
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** A readable date and time in `zone`, e.g. "Tue 3 Mar, 10:00". */
export function when(value, zone, { time = true } = {}) {
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (Number.isNaN(ms)) return "";
  const opts = { timeZone: zone, weekday: "short", day: "numeric", month: "short" };
  if (new Date(ms).getFullYear() !== new Date().getFullYear()) opts.year = "numeric";
  if (time) Object.assign(opts, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return new Intl.DateTimeFormat(undefined, opts).format(new Date(ms));
}

/** Whole days from the day of `fromMs` to the day of `value`, counted on `zone`'s calendar. */
export function daysBetween(fromMs, value, zone) {
  const a = wallClock(fromMs, zone).day;
  const b = wallClock(value, zone).day;
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

/** Every IANA zone the browser knows (for a picker), with `current` first if it is missing. */
export function zoneNames(current) {
  const names = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];
  return current && !names.includes(current) ? [current, ...names] : names;
}
