"""The Japanese catalogue covers every string in the code and the compiled .qm is current.

Fix failures with ``python -m app.ui.i18n_tools update`` (or translations/update.sh),
then translate the new entries in translations/hems_ja.ts and run update again.
"""

from app.ui.i18n_tools import find_problems, read_ts, ts_path


def test_japanese_catalogue_is_complete_and_compiled():
    problems = find_problems("ja")
    assert not problems, "\n".join(problems)


def test_catalogue_uses_the_standard_terms():
    translations = {(m.context, m.source): m.translation for m in read_ts(ts_path("ja"))}
    assert translations[("MeasurementPage", "Measurement")] == "計測"
    assert translations[("GenerationPage", "Generation & storage")] == "発電・蓄電"
    assert translations[("FlowDiagram", "Buying")] == "買電中"
    assert translations[("FlowDiagram", "Selling")] == "売電中"
