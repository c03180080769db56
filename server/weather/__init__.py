"""The weather service: forecasts and warnings per municipality, from one provider.

Panels send only their municipality (JIS X 0402). A provider turns it into its
upstream request unit (`area_key`): a point for Open-Meteo, a JMA office (府県予報区)
for JMA, a point and seed for the synthetic provider. `cache.AreaCache` keeps one
forecast per unit in the database and lets at most one worker per clock hour ask
upstream for it, so many panels cost one upstream request per unit and hour.
Warnings are tracked per municipality in the database (`warning_log`) so that ids
stay stable and lift times are known. `service.WeatherService` puts it together,
`wire` writes the answer of GET /v1/weather. See server/README.md.
"""
