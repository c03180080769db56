"""The current privacy policy names every kind of data the server keeps, and how long.

Each table of the server's database is mapped here either to the phrases of the policy
that name what it holds (anywhere in the text) and say how long it is kept (in section
6, "How long we keep it"), or to the reason it holds nothing about a household. A new
table fails `test_every_table_is_mapped` until it is mapped, and mapping it to phrases
the policy lacks fails until a new version of the policy says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from server.models import ServerModel
from tests.current_documents import DOCUMENTS, PRIVACY


@dataclass(frozen=True)
class Kept:
    """Phrases of the policy, per language: what the table holds, and how long."""
    names: dict[str, tuple[str, ...]]
    kept: dict[str, str]


KEPT: dict[str, Kept | str] = {
    "device": Kept(
        {"en": ("device code", "Household information", "prefecture", "postal code",
                "Which versions of the terms and this policy you accepted"),
         "ja": ("機器コード", "世帯の情報", "都道府県", "郵便番号", "同意した規約とポリシーの版")},
        {"en": "Registration, household information and accepted versions: only while "
               "the panel is registered",
         "ja": "登録内容、世帯の情報、同意した版：登録している間だけ"}),
    "backup": Kept(
        {"en": ("Backups: measurement data", "settings data", "history data"),
         "ja": ("バックアップ：計測データ", "設定データ", "履歴データ")},
        {"en": "Backups: only while the panel is registered; the latest set and the one "
               "before it",
         "ja": "バックアップ：登録している間だけ。最新の一式とその一つ前の一式"}),
    "restoregrant": Kept(
        {"en": ("move your data to a replacement panel",),
         "ja": ("パネル買い替え時のデータ移行",)},
        {"en": "Data of a panel another panel took over: kept one hour",
         "ja": "データを移した古いパネルのデータ：新しいパネルがダウンロードできるよう1時間"}),
    "attemptcounter": Kept(
        {"en": ("Attempt counts", "per network address, per panel and per device code"),
         "ja": ("試行回数", "通信元のアドレス・パネル・機器コードごと")},
        {"en": "Attempt counts: until their period (at most 24 hours) ends",
         "ja": "試行回数：数える期間（長くて24時間）が過ぎたら"}),
    "remote_code": Kept(
        {"en": ("Login codes: the panel shows a code",),
         "ja": ("ログインコード：パネルに表示するコード",)},
        {"en": "Login codes: until used; an unused code expires after 10 minutes",
         "ja": "ログインコード：使われるまで。使われなかったコードは10分で無効"}),
    "remote_token": Kept(
        {"en": ("Linked smartphones and apps", "browser's name", "last used", "revoked"),
         "ja": ("連携したスマートフォン・アプリ", "ブラウザーの名前", "最後に使った日時",
                "解除した日時")},
        {"en": "Linked smartphones and apps: while the panel is registered",
         "ja": "連携したスマートフォン・アプリ：登録している間"}),
    "home_summary": Kept(
        {"en": ("live summary", "today's energy in kWh and electricity cost",
                "up to 5 notices", "number of devices"),
         "ja": ("家の様子", "今日の電力量（kWh）と電気代", "5件まで", "機器の台数")},
        {"en": "The live summary: only while a smartphone can see your home",
         "ja": "家の様子：スマートフォンから見られる間だけ"}),
    "home_devices": Kept(
        {"en": ("devices that can be operated remotely, with the names you gave them",),
         "ja": ("遠隔操作できる機器の一覧：お客様が付けた機器の名前",)},
        {"en": "The list of devices that can be operated: while operation is allowed",
         "ja": "遠隔操作できる機器の一覧：操作を許可している間"}),
    "remote_command": Kept(
        {"en": ("Each command", "which linked smartphone or app sent it", "the outcome"),
         "ja": ("操作1件ごとの記録", "連携したどのスマートフォン・アプリから", "その結果")},
        {"en": "Commands: 30 days", "ja": "操作の記録：頼んだときから30日"}),
    # Nothing about a household:
    "notice": "the service's own notices, the same for every panel",
    "serverstate": "the server's settings and signed update manifests",
    "weather_area": "forecasts per area of the weather provider",
    "weather_warning": "warnings per municipality, as the weather agency issues them",
}


def _policy(lang: str) -> str:
    doc = DOCUMENTS.get("privacy", PRIVACY, lang)
    assert doc is not None, (PRIVACY, lang)
    return doc.body


def _retention_section(body: str) -> str:
    start, end = body.index("\n6. "), body.index("\n7. ")
    return body[start:end]


def test_every_table_is_mapped() -> None:
    tables = set(ServerModel.metadata.tables)
    assert tables - set(KEPT) == set(), "a new table: say in the privacy policy what it keeps"
    assert set(KEPT) - tables == set(), "a table gone: drop it here"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_current_privacy_policy_names_what_each_table_keeps(lang: str) -> None:
    body = _policy(lang)
    retention = _retention_section(body)
    for table, kept in KEPT.items():
        if isinstance(kept, str):
            continue
        for phrase in kept.names[lang]:
            assert phrase in body, (table, lang, phrase)
        assert kept.kept[lang] in retention, (table, lang, kept.kept[lang])


def test_the_mapping_catches_a_policy_that_lacks_a_kind_of_data() -> None:
    """The check is not vacuous: the version before the remote features fails it."""
    old = DOCUMENTS.get("privacy", "2026-11-01", "en")
    assert old is not None and PRIVACY > "2026-11-01"
    missing = [table for table, kept in KEPT.items() if isinstance(kept, Kept)
               and not all(phrase in old.body for phrase in kept.names["en"])]
    assert {"remote_code", "remote_token", "home_summary", "home_devices",
            "remote_command", "attemptcounter"} <= set(missing)
