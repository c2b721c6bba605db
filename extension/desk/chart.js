// The whole search at a glance: interviews and reminders on one time axis, one lane per company.
// Drawn as SVG with createElementNS; every label is a text node.

import { offsetMinutes, when } from "./zones.js";

const NS = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const BEFORE_DAYS = 21;
const AFTER_DAYS = 42;
const WIDTH = 1000;
const LEFT = 160; // room for the company names
const RIGHT = 16;
const TOP = 34;
const LANE = 34;
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

/** The chart for these reminders and interviews, around `now`; onPick(reminder) when a dot is clicked. */
export function timelineChart({ reminders, interviews, zone, now, onPick }) {
  const start = now - BEFORE_DAYS * DAY;
  const end = now + AFTER_DAYS * DAY;
  const x = (ms) => LEFT + ((Math.min(Math.max(ms, start), end) - start) / (end - start)) * (WIDTH - LEFT - RIGHT);
  const byId = new Map(interviews.map((iv) => [iv.id, iv]));
  const inRange = (ms) => ms >= start - DAY && ms <= end + DAY;
  const rounds = interviews.filter((iv) => inRange(Date.parse(iv.starts_at)));
  const dots = reminders.map((r) => ({ r, at: Date.parse(r.snoozed_until || r.due_at) })).filter(({ at }) => !Number.isNaN(at));
  const laneOf = (companyName) => companyName || "Other";
  const lanes = [...new Set([...rounds.map((iv) => laneOf(iv.company)), ...dots.map(({ r }) => laneOf(byId.get(r.interview_id)?.company))])];
  const height = TOP + Math.max(lanes.length, 1) * LANE + 8;
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "chart", role: "img",
    "aria-label": `Interviews and reminders from ${when(start, zone, { time: false })} to ${when(end, zone, { time: false })}` });

  // the axis: a tick each week, weekends shaded lightly
  const shift = offsetMinutes(zone, now) * 60000; // days begin at midnight in the user's zone
  for (let t = Math.floor((start + shift) / DAY) * DAY - shift; t <= end; t += DAY) {
    const day = new Date(t + shift).getUTCDay();
    if (day === 6) chart.append(svg("rect", { x: x(t), y: TOP - 6, width: x(t + 2 * DAY) - x(t), height: height - TOP, class: "weekend" }));
    if (day === 1) {
      chart.append(svg("line", { x1: x(t), x2: x(t), y1: TOP - 6, y2: height, class: "tick" }));
      chart.append(svg("text", { x: x(t) + 3, y: TOP - 12, class: "tick-label" }, when(t, zone, { time: false })));
    }
  }
  lanes.forEach((name, i) => {
    const y = TOP + i * LANE;
    chart.append(svg("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y + LANE, y2: y + LANE, class: "lane" }));
    chart.append(svg("text", { x: LEFT - 8, y: y + LANE / 2 + 4, class: "lane-label", "text-anchor": "end" }, name.slice(0, 24)));
  });
  const laneY = (company) => TOP + lanes.indexOf(laneOf(company)) * LANE;

  for (const iv of rounds) {
    const s = Date.parse(iv.starts_at);
    const e = Date.parse(iv.ends_at) || s + 3600000;
    const y = laneY(iv.company) + 6;
    const outcome = iv.outcome || "pending";
    chart.append(svg("rect", { x: x(s) - 3, y, width: Math.max(x(e) - x(s), 6), height: 10, rx: 2,
      fill: OUTCOME_COLOURS[outcome] || OUTCOME_COLOURS.pending, class: "round", "data-interview": iv.id },
    tip(`${iv.company}${iv.role ? ` \u2014 ${iv.role}` : ""}: interview ${when(iv.starts_at, zone)} (${outcome})`)));
  }
  const stacked = new Map(); // reminders due at the same spot stack up instead of hiding each other
  for (const { r, at } of dots.sort((a, b) => a.at - b.at)) {
    const lane = laneY(byId.get(r.interview_id)?.company);
    const cx = Math.round(x(at));
    const key = `${lane}:${Math.round(cx / 8)}`;
    const n = stacked.get(key) || 0;
    stacked.set(key, n + 1);
    const dot = svg("circle", { cx: cx + n * 5, cy: lane + 24, r: 5, fill: STATUS_COLOURS[r.status] || STATUS_COLOURS.upcoming,
      class: "dot", "data-reminder": r.id, tabindex: 0 },
    tip(`${r.title} \u2014 ${r.status}, ${r.snoozed_until ? "snoozed until" : "due"} ${when(r.snoozed_until || r.due_at, zone)}`));
    dot.addEventListener("click", () => onPick?.(r));
    chart.append(dot);
  }
  chart.append(svg("line", { x1: x(now), x2: x(now), y1: TOP - 8, y2: height, class: "now" }),
    svg("text", { x: x(now) + 3, y: height - 4, class: "now-label" }, "now"));
  if (!lanes.length) chart.append(svg("text", { x: WIDTH / 2, y: TOP + 20, "text-anchor": "middle", class: "empty" }, "No interviews or reminders in these weeks."));
  return chart;
}

/** The key to the colours, as HTML (so it wraps on narrow screens). */
export function legend(el) {
  const item = (colour, label, shape) => el("span", { className: "key" },
    el("i", { className: `swatch ${shape}`, style: `background:${colour}` }), label);
  return el("div", { className: "legend" },
    Object.entries(STATUS_COLOURS).map(([status, colour]) => item(colour, `reminder ${status}`, "round")),
    ["pending", "offer", "rejected"].map((o) => item(OUTCOME_COLOURS[o], `interview ${o}`, "bar")));
}
