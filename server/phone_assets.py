"""The phone page's stylesheet and script (served by routes/phone.py; no CDN, no inline
code, so the page's Content-Security-Policy allows only its own origin)."""

CSS = """\
:root { --ink: #1d2a33; --muted: #5d6b75; --bg: #eef2f4; --card: #fff; --accent: #0a7d6f;
  --buy: #c0532b; --sell: #2f7d32; --gen: #d49a00; --warn: #fff3cd; --bad: #b3261e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 16px/1.5 "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", system-ui, sans-serif; }
header { display: flex; align-items: center; justify-content: space-between;
  padding: 14px 16px; background: var(--accent); color: #fff; }
h1 { font-size: 19px; margin: 0; }
h2 { font-size: 15px; margin: 0 0 8px; color: var(--muted); font-weight: 600; }
main { padding: 12px; display: grid; gap: 12px; }
.card { background: var(--card); border-radius: 12px; padding: 14px 16px;
  box-shadow: 0 1px 3px rgba(0, 0, 0, .08); }
.card.row { display: flex; align-items: center; justify-content: space-between; }
.card.row h2 { margin: 0; }
.tiles { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.tile { display: flex; flex-direction: column; padding: 8px 10px; border-radius: 8px;
  background: #f5f7f8; min-width: 0; }
.tile .label { font-size: 13px; color: var(--muted); }
.tile .value, .card .value { font-size: 20px; font-weight: 700; overflow-wrap: anywhere; }
.tile .note { font-size: 14px; color: var(--muted); }
.tile.buy .value { color: var(--buy); }
.tile.sell .value { color: var(--sell); }
.tile.gen .value { color: var(--gen); }
.big { font-size: 30px; font-weight: 700; margin: 0; }
.muted { color: var(--muted); font-size: 13px; margin: 4px 0 0; }
.age { margin: 0; color: var(--muted); font-size: 14px; text-align: right; }
.banner { margin: 0; padding: 10px 12px; background: var(--warn); border-radius: 8px; }
header .banner { display: none; }
ul { margin: 0; padding: 0; list-style: none; }
li { padding: 8px 0; border-top: 1px solid #e3e8eb; }
li:first-child { border-top: 0; }
.badge { display: inline-block; margin-right: 8px; padding: 0 6px; border-radius: 4px;
  background: var(--bad); color: #fff; font-size: 12px; vertical-align: 2px; }
form { display: grid; gap: 10px; margin-top: 12px; }
label { font-weight: 600; }
input { font: inherit; font-size: 24px; letter-spacing: .12em; padding: 10px 12px;
  border: 2px solid #b8c3ca; border-radius: 8px; text-transform: uppercase; width: 100%; }
input:focus { outline: none; border-color: var(--accent); }
button { font: inherit; font-weight: 700; padding: 12px 16px; border: 0; border-radius: 8px;
  background: var(--accent); color: #fff; min-height: 48px; }
button:disabled { opacity: .6; }
button.quiet { background: transparent; color: inherit; border: 1px solid currentColor;
  padding: 6px 12px; min-height: 40px; font-weight: 600; }
footer { display: flex; align-items: center; justify-content: space-between;
  padding: 4px 16px 24px; color: var(--muted); }
footer button.quiet { color: var(--accent); }
.error { color: var(--bad); margin: 0; min-height: 1.5em; }
[hidden] { display: none !important; }
"""

JS = """\
"use strict";
(function () {
  var form = document.getElementById("login");
  if (form) {
    // A link opened from another app or site comes without the SameSite=Strict cookie:
    // if this phone is logged in already, this same-site request says so; reload.
    fetch("/r/panel", {credentials: "same-origin", cache: "no-store"}).then(function (r) {
      if (r.ok) { location.replace("/r"); }
    }, function () {});
    var message = document.getElementById("message");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      message.textContent = "";
      fetch("/v1/remote/login", {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({code: form.elements.code.value})
      }).then(function (response) {
        if (response.ok) { location.replace("/r"); return; }
        var key = response.status === 429 ? "busy"
          : (response.status === 401 || response.status === 422) ? "wrong" : "failed";
        message.textContent = form.dataset[key];
        button.disabled = false;
      }, function () {
        message.textContent = form.dataset.offline;
        button.disabled = false;
      });
    });
    return;
  }
  var view = document.getElementById("view");
  if (!view) { return; }
  var offline = document.getElementById("offline");
  var every = parseInt(view.dataset.every, 10) || 30000;
  var timer = null;
  function refresh() {
    fetch("/r/panel", {credentials: "same-origin", cache: "no-store"}).then(function (response) {
      if (response.status === 401) { location.replace("/r"); return null; }
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      if (typeof html === "string") { view.innerHTML = html; offline.hidden = true; }
    }, function () { offline.hidden = false; });
  }
  function stop() { if (timer !== null) { clearInterval(timer); timer = null; } }
  function start() { stop(); timer = setInterval(refresh, every); }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { stop(); } else { refresh(); start(); }
  });
  document.getElementById("refresh").addEventListener("click", refresh);
  document.getElementById("logout").addEventListener("click", function () {
    var gone = function () { location.replace("/r"); };
    fetch("/v1/homes/" + encodeURIComponent(view.dataset.home) + "/session",
          {method: "DELETE", credentials: "same-origin"}).then(gone, gone);
  });
  if (!document.hidden) { start(); }
})();
"""
