"""All loads of the house for one local day, keyed by the load ids of the board."""

from __future__ import annotations

import numpy as np

from app.sources.simulator import bathroom, climate, kitchen, lighting, rooms
from app.sources.simulator.config import HomeConfig
from app.sources.simulator.day_context import DayContext, Meters
from app.sources.simulator.ecocute import ecocute
from app.sources.simulator.ev_charger import ev_charger
from app.sources.simulator.weather import DailyWeather

BASE_OTHER_W = 32.0  # intercom, security sensors, smart meter link: on no measured circuit


def house_loads(ctx: DayContext, cfg: HomeConfig,
                prev_weather: DailyWeather) -> tuple[dict[str, np.ndarray], Meters]:
    meters = Meters(ctx.n)
    kitchen.kitchen_tap(ctx, meters)
    bathroom.bath_water(ctx, meters)
    ih = kitchen.ih_cooker(ctx)
    toilet_1f, toilet_2f = bathroom.toilets(ctx, meters)
    heater = climate.gas_fan_heater(ctx, meters)
    loads = {
        "ecocute": ecocute(ctx, prev_weather),
        "ih": ih,
        "ac_living": climate.living_ac(ctx),
        "ev": ev_charger(ctx, cfg.ev_charger_w) if cfg.has_ev else np.zeros(ctx.n),
        "dishwasher": kitchen.dishwasher(ctx, meters),
        "light_living": lighting.living_light(ctx),
        "outlet_living": rooms.living_outlet(ctx, heater, climate.electric_carpet(ctx)),
        "tv": rooms.tv(ctx),
        "light_dining": lighting.dining_light(ctx),
        "light_kitchen": lighting.kitchen_light(ctx),
        "outlet_kitchen": kitchen.kitchen_outlet(ctx),
        "fridge": kitchen.fridge(ctx),
        "microwave": kitchen.microwave(ctx),
        "rice_cooker": kitchen.rice_cooker(ctx),
        "washer": bathroom.washing_machine(ctx, meters),
        "bath_dryer": bathroom.bathroom_dryer(ctx),
        "outlet_washroom": bathroom.washroom_outlet(ctx),
        "toilet_1f": toilet_1f,
        "toilet_2f": toilet_2f,
        "light_entrance": lighting.entrance_light(ctx),
        "light_hall": lighting.hall_light(ctx),
        "ac_room1": climate.kids_room_ac(ctx, "room1"),
        "ac_room2": climate.kids_room_ac(ctx, "room2"),
        "ac_master": climate.master_bedroom_ac(ctx),
        "light_washitsu": lighting.washitsu_light(ctx),
        "outlet_washitsu": rooms.washitsu_outlet(ctx),
        "light_room1": lighting.kids_room_light(ctx, "room1"),
        "light_room2": lighting.kids_room_light(ctx, "room2"),
        "light_master": lighting.master_bedroom_light(ctx),
        "outlet_room1": rooms.kids_outlet(ctx, "room1", 95.0),
        "outlet_room2": rooms.kids_outlet(ctx, "room2", 25.0),
        "outlet_master": rooms.master_outlet(ctx),
        "pc": rooms.pc(ctx),
        "ventilation": rooms.ventilation(ctx, ih),
        "light_bath": lighting.bath_light(ctx),
        "light_outdoor": lighting.outdoor_light(ctx),
        "network": rooms.network(ctx),
        "outlet_hall": rooms.hall_outlet(ctx),
        "outlet_garage": rooms.garage_outlet(ctx),
    }
    # Last: the water heater's burner fan follows every hot-water draw above.
    loads["water_heater"] = rooms.water_heater_controls(ctx, meters)
    return loads, meters
