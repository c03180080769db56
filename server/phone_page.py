"""The phone page's HTML (GET /r): the login form, or the home's live summary.

Server-rendered in Japanese, or English when the browser prefers it; its words are
ours and live here (the panel's Qt catalogue is not on the server). The page's script
(phone_assets.py) only posts the code, swaps in a fresh summary every 30 s and logs
out: every word it shows is rendered here.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

REFRESH_S = 30

TEXTS: dict[str, dict[str, str]] = {
    "ja": {
        "title": "わが家のエネルギー",
        "login_heading": "スマートフォンで見る",
        "login_note": "パネルの「設定 → スマートフォンで見る」に表示されたコードを"
                      "入力してください。",
        "code": "コード",
        "login": "ログイン",
        "wrong": "コードが正しくないか、期限が切れています。"
                 "パネルで新しいコードを表示してください。",
        "busy": "試行回数が多すぎます。しばらくしてからもう一度お試しください。",
        "failed": "サーバーでエラーが起きました。しばらくしてからもう一度お試しください。",
        "offline": "サーバーにつながりません。電波の状態を確認してください。",
        "logout": "ログアウト",
        "refresh": "更新",
        "now": "いまの電気の流れ",
        "buy": "買電", "sell": "売電", "generation": "発電", "consumption": "消費",
        "battery": "蓄電池", "charging": "充電", "discharging": "放電", "idle": "待機",
        "ev": "EV",
        "today": "今日の電気",
        "used": "使った電気", "generated": "発電した電気", "bought": "買った電気",
        "sold": "売った電気",
        "cost": "今日の電気代",
        "cost_unknown": "料金プランが未設定です",
        "cost_note": "買った電気の料金（0時から）",
        "notices": "お知らせ",
        "no_notices": "新しいお知らせはありません",
        "important": "重要",
        "devices": "つながっている機器",
        "device_count": "{n}台",
        "waiting": "パネルからの情報をまだ受け取っていません。パネルが登録済みで"
                   "ネットワークにつながっているか確認してください。",
        "age": "最終更新：{age}",
        "stale": "パネルに計測値が届いていません。表示は最後に計測された値です。",
        "refresh_note": "30秒ごとに自動で更新します",
        "just_now": "たった今", "minutes": "{n}分前", "hours": "{n}時間前", "days": "{n}日前",
        "not_measured": "—",
    },
    "en": {
        "title": "Our home's energy",
        "login_heading": "View on a smartphone",
        "login_note": "Enter the code the panel shows under Settings → View on a smartphone.",
        "code": "Code",
        "login": "Log in",
        "wrong": "The code is wrong or has expired. Show a new code on the panel.",
        "busy": "Too many tries. Please wait a while and try again.",
        "failed": "The server had a problem. Please try again later.",
        "offline": "The server cannot be reached. Check your connection.",
        "logout": "Log out",
        "refresh": "Refresh",
        "now": "Power right now",
        "buy": "Buying", "sell": "Selling", "generation": "Generating",
        "consumption": "Using", "battery": "Battery", "charging": "charging",
        "discharging": "discharging", "idle": "idle", "ev": "EV",
        "today": "Today",
        "used": "Used", "generated": "Generated", "bought": "Bought", "sold": "Sold",
        "cost": "Today's electricity cost",
        "cost_unknown": "No rate plan is set",
        "cost_note": "for the electricity bought since midnight",
        "notices": "Notices",
        "no_notices": "No new notices",
        "important": "Important",
        "devices": "Connected devices",
        "device_count": "{n}",
        "waiting": "Nothing has come from the panel yet. Check that it is registered and "
                   "connected to the network.",
        "age": "Updated {age}",
        "stale": "No readings are reaching the panel. These are the last values measured.",
        "refresh_note": "Refreshes by itself every 30 seconds",
        "just_now": "just now", "minutes": "{n} min ago", "hours": "{n} h ago",
        "days": "{n} days ago",
        "not_measured": "—",
    },
}


def language_of(accept_language: str) -> str:
    """'en' when the browser prefers English to Japanese, else 'ja' (the default)."""
    best, best_q = "ja", -1.0
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in TEXTS:
            continue
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                continue
        q -= position * 1e-6  # equal weights: the first listed wins
        if q > best_q:
            best, best_q = primary, q
    return best


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def age_text(age_s: float, lang: str) -> str:
    t = TEXTS[lang]
    minutes = int(age_s // 60)
    if minutes < 1:
        return t["just_now"]
    if minutes < 60:
        return t["minutes"].format(n=minutes)
    if minutes < 24 * 60:
        return t["hours"].format(n=minutes // 60)
    return t["days"].format(n=minutes // (24 * 60))


def power(watts: float | None, lang: str) -> str:
    if watts is None:
        return TEXTS[lang]["not_measured"]
    if abs(watts) >= 1000:
        return f"{watts / 1000:.2f} kW"
    return f"{watts:.0f} W"


def energy(kwh: float) -> str:
    return f"{kwh:.1f} kWh"


def yen(amount: float, lang: str) -> str:
    whole = f"{round(amount):,}"
    return f"{whole}円" if lang == "ja" else f"¥{whole}"


def _page(lang: str, body: str) -> str:
    t = TEXTS[lang]
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="referrer" content="no-referrer">'
            f'<title>{_e(t["title"])}</title>'
            '<link rel="stylesheet" href="/r/remote.css"></head>'
            f'<body>{body}<script src="/r/remote.js"></script></body></html>')


def login_page(lang: str, code: str) -> str:
    t = TEXTS[lang]
    messages = "".join(f' data-{key}="{_e(t[key])}"' for key in ("wrong", "busy", "failed",
                                                                   "offline"))
    body = (f'<header><h1>{_e(t["title"])}</h1></header><main>'
            f'<section class="card"><h2>{_e(t["login_heading"])}</h2>'
            f'<p class="muted">{_e(t["login_note"])}</p>'
            f'<form id="login"{messages}>'
            f'<label for="code">{_e(t["code"])}</label>'
            f'<input id="code" name="code" value="{_e(code[:32])}" autocomplete="one-time-code"'
            ' autocapitalize="characters" spellcheck="false" placeholder="XXXX-XXXX" required>'
            f'<button type="submit">{_e(t["login"])}</button>'
            '<p id="message" class="error" role="alert"></p></form></section></main>')
    return _page(lang, body)


def home_page(lang: str, home_id: str, answer: Mapping[str, Any]) -> str:
    t = TEXTS[lang]
    body = (f'<header><h1>{_e(t["title"])}</h1>'
            f'<button id="logout" class="quiet">{_e(t["logout"])}</button></header>'
            f'<p id="offline" class="banner" hidden>{_e(t["offline"])}</p>'
            f'<main id="view" data-home="{_e(home_id)}" data-every="{REFRESH_S * 1000}">'
            f'{summary_view(lang, answer)}</main>'
            f'<footer><span class="muted">{_e(t["refresh_note"])}</span>'
            f'<button id="refresh" class="quiet">{_e(t["refresh"])}</button></footer>')
    return _page(lang, body)


def _tile(label: str, value: str, kind: str = "", note: str = "") -> str:
    cls = f"tile {kind}".strip()
    extra = f'<span class="note">{_e(note)}</span>' if note else ""
    return (f'<div class="{cls}"><span class="label">{_e(label)}</span>'
            f'<span class="value">{_e(value)}</span>{extra}</div>')


def summary_view(lang: str, answer: Mapping[str, Any]) -> str:
    """The inside of #view: what the script swaps in at every refresh (GET /r/panel)."""
    t = TEXTS[lang]
    summary = answer.get("summary")
    if not summary:
        return f'<section class="card"><p>{_e(t["waiting"])}</p></section>'
    flow, today = summary["flow"], summary["today"]
    parts = [f'<p class="age" id="age">{_e(t["age"].format(age=age_text(answer["age_s"], lang)))}'
             '</p>']
    if flow.get("stale"):
        parts.append(f'<p class="banner">{_e(t["stale"])}</p>')
    selling = (flow.get("sell_w") or 0) > (flow.get("buy_w") or 0)
    grid = _tile(t["sell"], power(flow.get("sell_w"), lang), "sell") if selling \
        else _tile(t["buy"], power(flow.get("buy_w"), lang), "buy")
    tiles = [grid, _tile(t["generation"], power(flow.get("generation_w"), lang), "gen"),
             _tile(t["consumption"], power(flow.get("consumption_w"), lang), "use")]
    charge, discharge = flow.get("battery_charge_w"), flow.get("battery_discharge_w")
    soc = flow.get("battery_soc_pct")
    if charge is not None or discharge is not None or soc is not None:
        if (charge or 0) > (discharge or 0):
            state = f'{t["charging"]} {power(charge, lang)}'
        elif (discharge or 0) > 0:
            state = f'{t["discharging"]} {power(discharge, lang)}'
        else:
            state = t["idle"]
        level = f"{soc:.0f}%" if soc is not None else t["not_measured"]
        tiles.append(_tile(t["battery"], level, "battery", state))
    if flow.get("ev_w") is not None:
        tiles.append(_tile(t["ev"], power(flow["ev_w"], lang), "ev"))
    parts.append(f'<section class="card"><h2>{_e(t["now"])}</h2>'
                 f'<div class="tiles" id="flow">{"".join(tiles)}</div></section>')
    day = [_tile(t["used"], energy(today["used_kwh"])),
           _tile(t["generated"], energy(today["generated_kwh"])),
           _tile(t["bought"], energy(today["bought_kwh"])),
           _tile(t["sold"], energy(today["sold_kwh"]))]
    parts.append(f'<section class="card"><h2>{_e(t["today"])}</h2>'
                 f'<div class="tiles" id="today">{"".join(day)}</div></section>')
    cost = summary.get("cost_today_yen")
    cost_text = yen(cost, lang) if cost is not None else t["cost_unknown"]
    note = f'<p class="muted">{_e(t["cost_note"])}</p>' if cost is not None else ""
    parts.append(f'<section class="card"><h2>{_e(t["cost"])}</h2>'
                 f'<p class="big" id="cost">{_e(cost_text)}</p>{note}</section>')
    items = []
    for n in summary.get("notices", []):
        mark = (f'<span class="badge">{_e(t["important"])}</span>'
                if n["importance"] == "important" else "")
        items.append(f'<li>{mark}{_e(n["title"].get(lang) or n["title"]["ja"])}</li>')
    listing = f'<ul id="notices">{"".join(items)}</ul>' if items \
        else f'<p class="muted" id="notices">{_e(t["no_notices"])}</p>'
    parts.append(f'<section class="card"><h2>{_e(t["notices"])}</h2>{listing}</section>')
    count = t["device_count"].format(n=summary["device_count"])
    parts.append(f'<section class="card row"><h2>{_e(t["devices"])}</h2>'
                 f'<span class="value" id="devices">{_e(count)}</span></section>')
    return "".join(parts)
