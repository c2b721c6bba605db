// Imports and exports: LinkedIn's Connections.csv and vCard in (with progress and the report of every
// skipped line), contacts as CSV and vCard, reminders as a calendar, and the full backup and its restore.

import * as api from "../api.js";
import { el, fill } from "../dom.js";
import { button, confirmBox, say, showError } from "./common.js";

const IMPORTS = [
  { id: "linkedin", title: "LinkedIn connections", path: "/import/linkedin", type: "text/csv", accept: ".csv,text/csv",
    help: "On LinkedIn: Settings \u2192 Data privacy \u2192 Get a copy of your data \u2192 Connections. Unzip it and choose Connections.csv. "
      + "People you already have are merged, never duplicated; your own edits stay." },
  { id: "vcf", title: "an address book (vCard)", path: "/import/contacts.vcf", type: "text/vcard", accept: ".vcf,text/vcard",
    help: "A .vcf file exported from your address book (Google Contacts, Apple Contacts, Outlook)." },
];
const EXPORTS = [
  ["Contacts for spreadsheets (.csv)", "/export/contacts.csv"],
  ["Contacts for address books (.vcf)", "/export/contacts.vcf"],
  ["Reminders for your calendar (.ics)", "/reminders.ics"],
  ["Full backup (.json)", "/export/backup"],
];

export async function render(main, _route, desk) {
  fill(main,
    IMPORTS.map((spec) => importPanel(spec, desk)),
    el("section", { className: "panel", dataset: { part: "exports" } },
      el("h2", { text: "Export" }),
      el("p", { className: "note", text: "Files are saved by your browser; nothing leaves this machine." }),
      el("div", { className: "row" }, EXPORTS.map(([label, path]) => button(label, () => save(path, desk)))),
      el("div", { className: "export-status", role: "status" })),
    restorePanel(desk));
}

async function save(path, desk) {
  const box = document.querySelector(".export-status");
  try {
    const { blob, filename } = await api.download(path);
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say(box, "success", `Saved ${filename}.`);
  } catch (err) {
    if (!desk.problem(err)) showError(box, err);
  }
}

/** The file's rows, counted while it uploads, so the wait after the upload can say how many are merged. */
async function rowsIn(file) {
  const text = await file.text();
  return Math.max(0, text.split("\n").filter((l) => l.trim()).length - (text.startsWith("Notes:") ? 3 : 1));
}

function importPanel(spec, desk) {
  const file = el("input", { type: "file", name: `${spec.id}-file`, accept: spec.accept });
  const bar = el("progress", { max: 100, hidden: true });
  const stage = el("p", { className: "note stage", role: "status" });
  const report = el("div", { className: "report" });
  const go = button("Import", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return say(stage, "error", "Choose a file first.");
    fill(report);
    bar.hidden = false;
    bar.value = 0;
    const rows = spec.id === "linkedin" ? await rowsIn(chosen) : null;
    try {
      const result = await api.upload(spec.path, chosen, spec.type, (sent, total) => {
        bar.value = Math.round((sent / Math.max(total, 1)) * 100);
        stage.textContent = sent < total ? `Sending ${bar.value}%\u2026` : `Merging ${rows ? `${rows.toLocaleString()} rows` : "the file"}\u2026`;
        if (sent >= total) bar.removeAttribute("value"); // the server is merging: no more measure of it
      });
      bar.hidden = true;
      stage.textContent = "";
      showReport(report, result);
      chrome.runtime.sendMessage({ type: "remindersChanged" }).catch(() => {});
    } catch (err) {
      bar.hidden = true;
      stage.textContent = "";
      if (!desk.problem(err)) showError(report, err);
    }
  }, "primary");
  return el("section", { className: "panel", dataset: { part: spec.id } },
    el("h2", { text: `Import ${spec.title}` }), el("p", { className: "note", text: spec.help }),
    el("div", { className: "row" }, file, go), bar, stage, report);
}

function showReport(box, r) {
  const skipped = r.errors || [];
  fill(box,
    el("p", { className: "success summary" },
      `${r.imported.toLocaleString()} new contact${r.imported === 1 ? "" : "s"}, ${r.merged.toLocaleString()} merged into people you already had`,
      r.touches ? `, ${r.touches.toLocaleString()} connection date${r.touches === 1 ? "" : "s"} logged` : "",
      `; ${skipped.length} line${skipped.length === 1 ? "" : "s"} skipped.`),
    skipped.length
      ? el("table", { className: "skipped" },
        el("thead", {}, el("tr", {}, el("th", { text: "Line" }), el("th", { text: "Why it was skipped" }))),
        el("tbody", {}, skipped.map((e) => el("tr", {}, el("td", { text: String(e.line) }), el("td", { text: e.reason })))))
      : null);
}

function restorePanel(desk) {
  const file = el("input", { type: "file", name: "backup-file", accept: ".json,application/json" });
  const status = el("div", { className: "form-status", role: "status" });
  const go = button("Restore\u2026", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return say(status, "error", "Choose a backup file first.");
    const sure = await confirmBox(status, `Replace ALL your data with the backup in ${chosen.name}? `
      + "Everything is checked first: a backup with any fault changes nothing.", "Replace my data");
    if (!sure) return;
    try {
      const result = await api.upload("/import/backup", chosen, "application/json");
      const counts = Object.entries(result.restored || {}).map(([name, n]) => `${n} ${name}`).join(", ");
      say(status, "success", `Restored ${counts}.`);
      chrome.runtime.sendMessage({ type: "remindersChanged" }).catch(() => {});
    } catch (err) {
      if (!desk.problem(err)) showError(status, err);
    }
  }, "danger");
  return el("section", { className: "panel", dataset: { part: "restore" } },
    el("h2", { text: "Restore a backup" }),
    el("p", { className: "note", text: "Brings back exactly what a full backup holds. Your browser pairing stays as it is." }),
    el("div", { className: "row" }, file, go), status);
}
