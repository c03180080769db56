"""The rows of the plan editor for the prices being edited: the bands, tiers or the one
price, then the season's end, the kind of price, the fuel-cost adjustment and the basic
charge, then the CO2 factor and the gas and water prices.

Each row's buttons call back into the page with a new (immutable) version; the
page rebuilds the rows after every step, so a row always shows what is stored.
Loaded with the editor's first plan (the tariff model stays off start-up).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QSizePolicy

from app.domain.plan_draft import (
    EnergyKind,
    kind_of,
    move_season_end,
    remove_season,
    season_after,
    set_flat_price,
    set_tier,
    split_season,
)
from app.domain.tariff import (
    Co2Factor,
    FixedBasic,
    FlatEnergy,
    GasPrice,
    PerAmpereBasic,
    PerKvaBasic,
    Text,
    TieredEnergy,
    TimeOfUseEnergy,
    WaterPrice,
    slot_start,
)
from app.ui.pages.plan_editor_page import (
    ADJUSTMENT,
    CO2_FACTOR,
    GAS_BASIC,
    MONTHLY,
    PER_M3,
    TIER_LIMIT,
    UNIT_PRICE,
)
from app.ui.widgets.editor_row import EditorRow, action_button, step_button

if TYPE_CHECKING:
    from app.ui.pages.plan_editor_page import PlanEditorPage


def _yen_per_kwh(price: float) -> str:
    return QCoreApplication.translate("PlanEditorPage", "{price} yen/kWh").format(
        price=f"{price:.2f}")


def _yen(amount: float) -> str:
    return QCoreApplication.translate("PlanEditorPage", "{amount} yen").format(
        amount=f"{amount:,.2f}")


def kind_name(kind: EnergyKind) -> str:
    translate = QCoreApplication.translate
    return {EnergyKind.FLAT: translate("PlanEditorPage", "One price"),
            EnergyKind.TIERED: translate("PlanEditorPage", "Tiered"),
            EnergyKind.TIME_OF_USE: translate("PlanEditorPage", "Time of use")}[kind]


def kind_row(page: PlanEditorPage) -> EditorRow:
    assert page.version is not None
    button = action_button(kind_name(kind_of(page.version.energy)), page.ask_kind)
    button.setObjectName("KindButton")
    return EditorRow(QCoreApplication.translate("PlanEditorPage", "Kind of price"), [button])


def editor_rows(page: PlanEditorPage) -> list[EditorRow]:
    version = page.version
    assert version is not None
    energy = version.energy
    rows: list[EditorRow] = []
    if isinstance(energy, TimeOfUseEnergy):
        rows += band_rows(page)
        rows.append(season_row(page))
    elif isinstance(energy, FlatEnergy):
        title = QCoreApplication.translate("PlanEditorPage", "Price at every hour")
        button = _price_button(page, title, energy.yen_per_kwh,
                               lambda v: page._set_version(set_flat_price(page.version, v)))
        rows.append(EditorRow(QCoreApplication.translate("PlanEditorPage", "Every hour"),
                              [button]))
    elif isinstance(energy, TieredEnergy):
        rows += tier_rows(page, energy)
    # The kind under its prices: the bands or tiers stay first, where a finger expects them.
    return [*rows, kind_row(page), *charge_rows(page), *dated_rows(page)]


def _price_button(page: PlanEditorPage, title: str, price: float, done):
    button = action_button(_yen_per_kwh(price), lambda: page.ask_number(
        title, UNIT_PRICE, price, QCoreApplication.translate("PlanEditorPage", "yen/kWh"), done))
    button.setObjectName("PriceButton")
    # Never narrower than its text (TouchButton): squeezed, "43.61 yen/kWh" lost a digit.
    button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
    return button


def band_rows(page: PlanEditorPage) -> list[EditorRow]:
    bands = page.bands
    assert bands is not None
    translate = QCoreApplication.translate
    rows = []
    count = len(bands.starts)
    for i, price in enumerate(bands.prices):
        start, end = slot_start(bands.starts[i]), slot_start(bands.end(i))

        def move(delta: int, i: int = i) -> None:
            page._set_bands(page.bands.move_start(i, delta))

        def priced(value: float, i: int = i) -> None:
            page._set_bands(page.bands.set_price(i, value))

        # The steps move the band's start by half an hour; they say so (◀▶ alone did not).
        controls = [
            step_button(translate("PlanEditorPage", "−30 min"), lambda m=move: m(-1),
                        count > 1 and bands.can_move(i, -1),
                        translate("PlanEditorPage", "Start 30 minutes earlier")),
            step_button(translate("PlanEditorPage", "+30 min"), lambda m=move: m(1),
                        count > 1 and bands.can_move(i, 1),
                        translate("PlanEditorPage", "Start 30 minutes later")),
            _price_button(page, translate("PlanEditorPage", "Price from {time}").format(
                time=start), price, priced),
            action_button(translate("PlanEditorPage", "Split"),
                          lambda i=i: page._set_bands(page.bands.split(i)), bands.can_split(i)),
            action_button("✕", lambda i=i: page._set_bands(page.bands.remove(i)), count > 1),
        ]
        controls[-1].setAccessibleName(translate("PlanEditorPage", "Remove this band"))
        for step in controls[:2]:
            step.setObjectName("CompactControl")  # a label, not a bare square arrow
        # A lone band runs round the clock: "00:00–00:00" read as an empty band.
        caption = (translate("PlanEditorPage", "All day from {time}").format(time=start)
                   if count == 1 else f"{start}–{end}")
        rows.append(EditorRow(caption, controls))
    return rows


def season_row(page: PlanEditorPage) -> EditorRow:
    """Where the shown season ends (◀ ▶ by months), split it in two, or give it away."""
    version = page.version
    assert version is not None and isinstance(version.energy, TimeOfUseEnergy)
    seasons = version.energy.seasons
    season = seasons[page.season]
    translate = QCoreApplication.translate
    if len(seasons) == 1:
        caption = translate("PlanEditorPage", "One season all year")
    else:
        end = (f"{season.end.month}月{season.end.day}日" if page.language == "ja"
               else f"{season.end.month}/{season.end.day}")
        caption = translate("PlanEditorPage", "Season ends {date}").format(date=end)

    def moved(months: int):
        return move_season_end(version, page.season, months)

    # A new season's name is plan data in both languages, like the catalog's names.
    number = len(seasons) + 1
    split = split_season(version, page.season, Text(f"季節{number}", f"Season {number}"))
    removed = remove_season(version, page.season)
    before = next((k for k in range(len(seasons)) if season_after(version, k) == page.season),
                  0)
    controls = [step_button("◀", lambda: page._set_version(moved(-1)), moved(-1) != version),
                step_button("▶", lambda: page._set_version(moved(1)), moved(1) != version),
                action_button(translate("PlanEditorPage", "Split season"),
                              lambda: page._set_version(split), split != version),
                action_button("✕", lambda: page._set_version(
                    removed, season=before if before < page.season else before - 1),
                    removed != version)]
    row = EditorRow(caption, controls)
    if len(seasons) > 1 and season_after(version, page.season) is None:
        row.problem.setText(translate("PlanEditorPage", "No season starts the day after."))
        row.problem.show()
    return row


def tier_rows(page: PlanEditorPage, energy: TieredEnergy) -> list[EditorRow]:
    translate = QCoreApplication.translate
    rows = []
    lower = 0.0
    for i, tier in enumerate(energy.tiers):
        last = i == len(energy.tiers) - 1
        if last:
            caption = translate("PlanEditorPage", "Over {low} kWh").format(low=f"{lower:g}")
        else:
            caption = translate("PlanEditorPage", "Up to {high} kWh").format(
                high=f"{tier.up_to_kwh:g}")
        controls = []
        if not last:
            limit = tier.up_to_kwh or 0.0
            title = translate("PlanEditorPage", "Tier limit (kWh a month)")

            def limited(v: float, i: int = i) -> None:
                page._set_version(set_tier(page.version, i, up_to_kwh=v))

            controls.append(action_button(f"{limit:g} kWh", lambda t=title, limit=limit,
                                          done=limited: page.ask_number(t, TIER_LIMIT, limit,
                                                                        "kWh", done)))
        controls.append(_price_button(
            page, caption, tier.yen_per_kwh,
            lambda v, i=i: page._set_version(set_tier(page.version, i, price=v))))
        problem = ""
        if not last and tier.up_to_kwh is not None and tier.up_to_kwh <= lower:
            problem = translate("PlanEditorPage", "Must be more than {low} kWh, the tier "
                                                  "before.").format(low=f"{lower:g}")
        else:
            lower = tier.up_to_kwh or lower
        rows.append(EditorRow(caption, controls, problem))
    return rows


def charge_rows(page: PlanEditorPage) -> list[EditorRow]:
    version = page.version
    assert version is not None
    translate = QCoreApplication.translate
    adjustment = version.fuel_adjustment_yen_per_kwh
    title = translate("PlanEditorPage", "Fuel-cost adjustment")
    unit = translate("PlanEditorPage", "yen/kWh")

    def adjusted(v: float) -> None:
        page._set_version(replace(page.version, fuel_adjustment_yen_per_kwh=v))

    rows = [EditorRow(title, [action_button(_yen_per_kwh(adjustment), lambda: page.ask_number(
        title, ADJUSTMENT, adjustment, unit, adjusted))])]
    basic = version.basic
    if isinstance(basic, FixedBasic):
        rows.append(_basic_row(page, translate("PlanEditorPage", "Basic charge a month"),
                               basic.yen, lambda v: FixedBasic(v)))
    elif isinstance(basic, PerKvaBasic):
        rows.append(_basic_row(page, translate("PlanEditorPage", "Basic charge per kVA"),
                               basic.yen_per_kva, lambda v: PerKvaBasic(v)))
    elif isinstance(basic, PerAmpereBasic):
        for i, (amperes, yen) in enumerate(basic.yen):
            def table(v: float, i: int = i, table=basic.yen) -> PerAmpereBasic:
                return PerAmpereBasic(tuple((a, v if j == i else y)
                                            for j, (a, y) in enumerate(table)))

            rows.append(_basic_row(page, translate("PlanEditorPage", "Basic charge {amperes} A")
                                   .format(amperes=amperes), yen, table))
    return rows


def _basic_row(page: PlanEditorPage, caption: str, amount: float, make) -> EditorRow:
    button = action_button(_yen(amount), lambda: page.ask_number(
        caption, MONTHLY, amount, QCoreApplication.translate("PlanEditorPage", "yen"),
        lambda v: page._set_version(replace(page.version, basic=make(v)))))
    return EditorRow(caption, [button])


def dated_rows(page: PlanEditorPage) -> list[EditorRow]:
    """The CO2 factor (graphs in kg) and the gas and water prices (graphs in yen), as in
    force from the edited date; "Not set" until entered."""
    plan = page.edited_plan()
    assert plan is not None
    day = page.valid_from
    translate = QCoreApplication.translate
    unset = translate("PlanEditorPage", "Not set")
    co2, gas, water = plan.co2_on(day), plan.gas_on(day), plan.water_on(day)
    per_m3 = translate("PlanEditorPage", "yen/m³")

    def row(caption: str, shown: str, allowed, current: float | None, unit: str, make,
            message: str | None = None) -> EditorRow:
        button = action_button(shown, lambda: page.ask_number(
            caption, allowed, current, unit, lambda v: page.set_dated(make(v)), message))
        return EditorRow(caption, [button])

    def priced(v: float | None) -> str:
        return unset if v is None else translate("PlanEditorPage", "{price} yen/m³").format(
            price=f"{v:,.2f}")

    return [
        row(translate("PlanEditorPage", "CO2 per kWh bought"),
            unset if co2 is None else f"{co2:.3f} kg-CO2/kWh", CO2_FACTOR, co2, "kg-CO2/kWh",
            lambda v: Co2Factor(day, v),
            translate("PlanEditorPage", "The emission factor your electricity company "
                                        "publishes, in kg of CO2 per kWh.")),
        row(translate("PlanEditorPage", "Gas basic charge a month"),
            unset if gas is None else _yen(gas.basic_yen), GAS_BASIC,
            None if gas is None else gas.basic_yen, translate("PlanEditorPage", "yen"),
            lambda v: GasPrice(day, v, 0.0 if gas is None else gas.yen_per_m3)),
        row(translate("PlanEditorPage", "Gas price"), priced(None if gas is None else
                                                             gas.yen_per_m3),
            PER_M3, None if gas is None else gas.yen_per_m3, per_m3,
            lambda v: GasPrice(day, 0.0 if gas is None else gas.basic_yen, v)),
        row(translate("PlanEditorPage", "Water price"), priced(None if water is None else
                                                               water.yen_per_m3),
            PER_M3, None if water is None else water.yen_per_m3, per_m3,
            lambda v: WaterPrice(day, v)),
    ]
