// The whole search at a glance: interviews and reminders on one time axis, one lane per company.
// Drawn as SVG with createElementNS; every label is a text node.

import { offsetMinutes, when } from "./zones.js";

const NS = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const BEFORE_DAYS = 7; // at least this much is shown around now...
const AFTER_DAYS = 21;
const MAX_BACK_DAYS = 90; // ...and at most this much, however old or far off something is
const MAX_AHEAD_DAYS = 120;
const WIDTH = 1000;
const LEFT = 160; // room for the company names
const RIGHT = 16;
const TOP = 34;
const LANE = 34;
const ROW = 12; // one more row of reminders due at the same moment
export const STATUS_COLOURS = { overdue: "#b91c1c", due: "#d97706", upcoming: "#2563eb", snoozed: "#9ca3af" };
export const OUTCOME_COLOURS = {
  pending: "#6366f1", offer: "#16a34a", accepted: "#15803d", rejected: "#9f1239", withdrawn: "#6b7280", cancelled: "#d1d5db",
};

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const tip = (text) => svg("title", {}, text); // what a pointer resting on a mark shows

/** The span shown: the weeks around `now` that hold something, at least a week back and three ahead. */
function span(times, now) {
  const near = times.filter((t) => t >= now - MAX_BACK_DAYS * DAY && t <= now + MAX_AHEAD_DAYS * DAY);
  const start = Math.min(now - BEFORE_DAYS * DAY, ...near.map((t) => t - 2 * DAY));
  const end = Math.max(now + AFTER_DAYS * DAY, ...near.map((t) => t + 3 * DAY));
  return [start, end];
}

/** The chart for these reminders and interviews, around `now`; onPick(reminder) when a dot is clicked. */
export function timelineChart({ reminders, interviews, zone, now, onPick }) {
  const byId = new Map(interviews.map((iv) => [iv.id, iv]));
  const dots = reminders.map((r) => ({ r, at: Date.parse(r.snoozed_until || r.due_at) })).filter(({ at }) => !Number.isNaN(at));
  const [start, end] = span([...interviews.map((iv) => Date.parse(iv.starts_at)), ...dots.map((d) => d.at)].filter(Number.isFinite), now);
  const x = (ms) => LEFT + ((Math.min(Math.max(ms, start), end) - start) / (end - start)) * (WIDTH - LEFT - RIGHT);
  const rounds = interviews.filter((iv) => Date.parse(iv.starts_at) >= start - DAY && Date.parse(iv.starts_at) <= end);
  const laneOf = (company) => company || "Other";
  const names = [...new Set([...rounds.map((iv) => laneOf(iv.company)), ...dots.map(({ r }) => laneOf(byId.get(r.interview_id)?.company))])];
  // reminders due at the same spot stack up in rows below their lane's interviews instead of hiding each other
  const rowOf = new Map();
  const used = new Map();
  for (const d of dots.sort((a, b) => a.at - b.at)) {
    const key = `${laneOf(byId.get(d.r.interview_id)?.company)}:${Math.round(x(d.at) / 12)}`;
    const row = used.get(key) || 0;
    used.set(key, row + 1);
    rowOf.set(d, row);
  }
  const lanes = new Map();
  let top = TOP;
  for (const name of names) {
    const rows = Math.max(1, ...dots.filter((d) => laneOf(byId.get(d.r.interview_id)?.company) === name).map((d) => rowOf.get(d) + 1));
    const height = LANE + (rows - 1) * ROW;
    lanes.set(name, { y: top, height });
    top += height;
  }
  const height = Math.max(top, TOP + 30) + 14;
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "chart", role: "img",
    "aria-label": `Interviews and reminders from ${when(start, zone, { time: false })} to ${when(end, zone, { time: false })}` });

  // the axis: a tick each week (or fortnight, or month on a long span), weekends shaded lightly
  const weeks = (end - start) / (7 * DAY);
  const every = weeks <= 10 ? 1 : weeks <= 20 ? 2 : 4;
  const shift = offsetMinutes(zone, now) * 60000; // days begin at midnight in the user's zone
  let mondays = 0;
  for (let t = Math.floor((start + shift) / DAY) * DAY - shift; t <= end; t += DAY) {
    const day = new Date(t + shift).getUTCDay();
    if (day === 6 && every === 1) chart.append(svg("rect", { x: x(t), y: TOP - 6, width: x(t + 2 * DAY) - x(t), height: height - TOP, class: "weekend" }));
    if (day === 1 && mondays++ % every === 0) {
      chart.append(svg("line", { x1: x(t), x2: x(t), y1: TOP - 6, y2: height, class: "tick" }));
      chart.append(svg("text", { x: x(t) + 3, y: TOP - 12, class: "tick-label" }, when(t, zone, { time: false })));
    }
  }
  for (const [name, lane] of lanes) {
    chart.append(svg("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: lane.y + lane.height, y2: lane.y + lane.height, class: "lane" }));
    chart.append(svg("text", { x: LEFT - 8, y: lane.y + 19, class: "lane-label", "text-anchor": "end" }, name.slice(0, 24)));
  }
  const laneY = (company) => lanes.get(laneOf(company)).y;

  for (const iv of rounds) {
    const s = Date.parse(iv.starts_at);
    const e = Date.parse(iv.ends_at) || s + 3600000;
    const outcome = iv.outcome || "pending";
    chart.append(svg("rect", { x: x(s) - 3, y: laneY(iv.company) + 5, width: Math.max(x(e) - x(s), 6), height: 10, rx: 2,
      fill: OUTCOME_COLOURS[outcome] || OUTCOME_COLOURS.pending, class: "round", "data-interview": iv.id },
    tip(`${iv.company}${iv.role ? ` \u2014 ${iv.role}` : ""}: interview ${when(iv.starts_at, zone)} (${outcome})`)));
  }
  for (const d of dots) {
    const { r, at } = d;
    const dot = svg("circle", { cx: x(at), cy: laneY(byId.get(r.interview_id)?.company) + 24 + rowOf.get(d) * ROW, r: 5,
      fill: STATUS_COLOURS[r.status] || STATUS_COLOURS.upcoming, class: "dot", "data-reminder": r.id, tabindex: 0 },
    tip(`${r.title} \u2014 ${r.status}, ${r.snoozed_until ? "snoozed until" : "due"} ${when(r.snoozed_until || r.due_at, zone)}`));
    dot.addEventListener("click", () => onPick?.(r));
    chart.append(dot);
  }
  chart.append(svg("line", { x1: x(now), x2: x(now), y1: TOP - 8, y2: height, class: "now" }),
    svg("text", { x: x(now) + 3, y: height - 3, class: "now-label" }, "now"));
  if (!lanes.size) chart.append(svg("text", { x: WIDTH / 2, y: TOP + 20, "text-anchor": "middle", class: "empty" }, "No interviews or reminders in these weeks."));
  return chart;
}

/** The key to the colours, as HTML (so it wraps on narrow screens). */
export function legend(el) {
  const item = (colour, label, shape) => el("span", { className: "key" },
    el("i", { className: `swatch swatch-${shape}`, style: `background:${colour}` }), label);
  return el("div", { className: "legend" },
    Object.entries(STATUS_COLOURS).map(([status, colour]) => item(colour, `reminder ${status}`, "round")),
    ["pending", "offer", "rejected"].map((o) => item(OUTCOME_COLOURS[o], `interview ${o}`, "bar")));
}
