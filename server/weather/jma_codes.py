"""JMA's codes: weather (天気コード) to our sky categories, warnings to (kind, level).

Weather codes are those of the forecast page's table (Forecast.Const.TELOPS, 118 codes;
the first digit is the main weather: 1 晴れ, 2 曇り, 3 雨, 4 雪). Our five categories are
coarser; a code maps to what describes the day best for a household and its PV:
the main weather, except that passing rain or snow (一時) leaves the main category,
frequent (時々) or later (後) rain or snow under cloud makes the day wet, and sunshine
with clouds or showers is partly cloudy. A code missing here (JMA adds some now and
then) takes its first digit's category.

Warning codes are JMA's (気象警報・注意報の種別コード), those of the bosai warning JSON;
since the end of May 2026 JMA's r8 files add the levelled ones (レベル4 危険警報, 土砂災害).
危険警報 is a warning (警報) to us: our levels are advisory, warning and emergency.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

# 晴れ, 晴れ時々曇り, 曇り (K for くもり), 雨, 雪
C, P, K, R, S = "clear", "partly_cloudy", "cloudy", "rain", "snow"

# code: (テロップ, sky)
WEATHER: dict[str, tuple[str, str]] = {
    "100": ("晴", C), "101": ("晴時々曇", P), "102": ("晴一時雨", P), "103": ("晴時々雨", P),
    "104": ("晴一時雪", P), "105": ("晴時々雪", P), "106": ("晴一時雨か雪", P),
    "107": ("晴時々雨か雪", P), "108": ("晴一時雨か雷雨", P), "110": ("晴後時々曇", P),
    "111": ("晴後曇", P), "112": ("晴後一時雨", P), "113": ("晴後時々雨", P), "114": ("晴後雨", R),
    "115": ("晴後一時雪", P), "116": ("晴後時々雪", P), "117": ("晴後雪", S),
    "118": ("晴後雨か雪", R), "119": ("晴後雨か雷雨", R), "120": ("晴朝夕一時雨", P),
    "121": ("晴朝の内一時雨", P), "122": ("晴夕方一時雨", P), "123": ("晴山沿い雷雨", C),
    "124": ("晴山沿い雪", C), "125": ("晴午後は雷雨", R), "126": ("晴昼頃から雨", R),
    "127": ("晴夕方から雨", P), "128": ("晴夜は雨", P), "130": ("朝の内霧後晴", C),
    "131": ("晴明け方霧", C), "132": ("晴朝夕曇", P), "140": ("晴時々雨で雷を伴う", P),
    "160": ("晴一時雪か雨", P), "170": ("晴時々雪か雨", P), "181": ("晴後雪か雨", S),
    "200": ("曇", K), "201": ("曇時々晴", P), "202": ("曇一時雨", K), "203": ("曇時々雨", R),
    "204": ("曇一時雪", K), "205": ("曇時々雪", S), "206": ("曇一時雨か雪", K),
    "207": ("曇時々雨か雪", R), "208": ("曇一時雨か雷雨", K), "209": ("霧", K),
    "210": ("曇後時々晴", P), "211": ("曇後晴", P), "212": ("曇後一時雨", K),
    "213": ("曇後時々雨", R), "214": ("曇後雨", R), "215": ("曇後一時雪", K),
    "216": ("曇後時々雪", S), "217": ("曇後雪", S), "218": ("曇後雨か雪", R),
    "219": ("曇後雨か雷雨", R), "220": ("曇朝夕一時雨", K), "221": ("曇朝の内一時雨", K),
    "222": ("曇夕方一時雨", K), "223": ("曇日中時々晴", P), "224": ("曇昼頃から雨", R),
    "225": ("曇夕方から雨", K), "226": ("曇夜は雨", K), "228": ("曇昼頃から雪", S),
    "229": ("曇夕方から雪", K), "230": ("曇夜は雪", K), "231": ("曇海上海岸は霧か霧雨", K),
    "240": ("曇時々雨で雷を伴う", R), "250": ("曇時々雪で雷を伴う", S),
    "260": ("曇一時雪か雨", K), "270": ("曇時々雪か雨", S), "281": ("曇後雪か雨", S),
    "300": ("雨", R), "301": ("雨時々晴", R), "302": ("雨時々止む", R), "303": ("雨時々雪", R),
    "304": ("雨か雪", R), "306": ("大雨", R), "308": ("雨で暴風を伴う", R),
    "309": ("雨一時雪", R), "311": ("雨後晴", R), "313": ("雨後曇", R), "314": ("雨後時々雪", R),
    "315": ("雨後雪", S), "316": ("雨か雪後晴", R), "317": ("雨か雪後曇", R),
    "320": ("朝の内雨後晴", R), "321": ("朝の内雨後曇", R), "322": ("雨朝晩一時雪", R),
    "323": ("雨昼頃から晴", R), "324": ("雨夕方から晴", R), "325": ("雨夜は晴", R),
    "326": ("雨夕方から雪", R), "327": ("雨夜は雪", R), "328": ("雨一時強く降る", R),
    "329": ("雨一時みぞれ", R), "340": ("雪か雨", S), "350": ("雨で雷を伴う", R),
    "361": ("雪か雨後晴", S), "371": ("雪か雨後曇", S),
    "400": ("雪", S), "401": ("雪時々晴", S), "402": ("雪時々止む", S), "403": ("雪時々雨", S),
    "405": ("大雪", S), "406": ("風雪強い", S), "407": ("暴風雪", S), "409": ("雪一時雨", S),
    "411": ("雪後晴", S), "413": ("雪後曇", S), "414": ("雪後雨", S), "420": ("朝の内雪後晴", S),
    "421": ("朝の内雪後曇", S), "422": ("雪昼頃から雨", S), "423": ("雪夕方から雨", S),
    "425": ("雪一時強く降る", S), "426": ("雪後みぞれ", S), "427": ("雪一時みぞれ", S),
    "450": ("雪で雷を伴う", S),
}
_BY_FIRST_DIGIT = {"1": C, "2": K, "3": R, "4": S}


def sky_of(code: str) -> str | None:
    """The category of a weather code; None for something that is not one."""
    known = WEATHER.get(code)
    if known:
        return known[1]
    if len(code) == 3 and code.isdigit() and code[0] in _BY_FIRST_DIGIT:
        log.info("JMA weather code %s is not in our table: taken as %s", code,
                 _BY_FIRST_DIGIT[code[0]])
        return _BY_FIRST_DIGIT[code[0]]
    return None


# code: (名称, kind, level)
WARNINGS: dict[str, tuple[str, str, str]] = {
    "02": ("暴風雪警報", "snowstorm", "warning"),
    "03": ("大雨警報", "heavy_rain", "warning"),
    "04": ("洪水警報", "flood", "warning"),
    "05": ("暴風警報", "storm", "warning"),
    "06": ("大雪警報", "heavy_snow", "warning"),
    "07": ("波浪警報", "high_waves", "warning"),
    "08": ("高潮警報", "storm_surge", "warning"),
    "09": ("土砂災害警報", "landslide", "warning"),
    "10": ("大雨注意報", "heavy_rain", "advisory"),
    "12": ("大雪注意報", "heavy_snow", "advisory"),
    "13": ("風雪注意報", "snowstorm", "advisory"),
    "14": ("雷注意報", "thunder", "advisory"),
    "15": ("強風注意報", "storm", "advisory"),
    "16": ("波浪注意報", "high_waves", "advisory"),
    "17": ("融雪注意報", "snowmelt", "advisory"),
    "18": ("洪水注意報", "flood", "advisory"),
    "19": ("高潮注意報", "storm_surge", "advisory"),
    "20": ("濃霧注意報", "dense_fog", "advisory"),
    "21": ("乾燥注意報", "dry_air", "advisory"),
    "22": ("なだれ注意報", "avalanche", "advisory"),
    "23": ("低温注意報", "low_temperature", "advisory"),
    "24": ("霜注意報", "frost", "advisory"),
    "25": ("着氷注意報", "icing", "advisory"),
    "26": ("着雪注意報", "snow_accretion", "advisory"),
    "27": ("その他の注意報", "other", "advisory"),
    "29": ("土砂災害注意報", "landslide", "advisory"),
    "32": ("暴風雪特別警報", "snowstorm", "emergency"),
    "33": ("大雨特別警報", "heavy_rain", "emergency"),
    "35": ("暴風特別警報", "storm", "emergency"),
    "36": ("大雪特別警報", "heavy_snow", "emergency"),
    "37": ("波浪特別警報", "high_waves", "emergency"),
    "38": ("高潮特別警報", "storm_surge", "emergency"),
    "39": ("土砂災害特別警報", "landslide", "emergency"),
    "43": ("大雨危険警報", "heavy_rain", "warning"),
    "48": ("高潮危険警報", "storm_surge", "warning"),
    "49": ("土砂災害危険警報", "landslide", "warning"),
}
# JMA's numbering: 0x 警報, 1x-2x 注意報, 3x 特別警報, 4x 危険警報.
_LEVEL_BY_TENS = {"0": "warning", "1": "advisory", "2": "advisory", "3": "emergency",
                  "4": "warning"}


def warning_of(code: str) -> tuple[str, str] | None:
    """(kind, level) of a warning code; an unknown code is "other" at the level its
    number says, so that a new kind of warning is still shown, never dropped."""
    known = WARNINGS.get(code)
    if known:
        return known[1], known[2]
    if len(code) == 2 and code.isdigit() and code[0] in _LEVEL_BY_TENS:
        log.warning("JMA warning code %s is not in our table: shown as other", code)
        return "other", _LEVEL_BY_TENS[code[0]]
    return None
