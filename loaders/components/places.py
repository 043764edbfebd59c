"""``kg_places``: cities and regions from the division gazetteer, countries and
macro-regions, plus towns, sub-districts and 片区 written after a place
(佛山南海区千灯湖片区 → 千灯湖片区)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.kgdoc import Cand, Recognizer, doc_text, document_of
from kg.loaders.places import find_places

# a new area or free-trade sub-zone named after its city or province: 宁波杭州湾新区, 湖南湘江新区
_NEW_AREA = re.compile(r"[\u4e00-\u9fff]{2,5}?(?:新区|自贸片区)(?!管委会|管理委员会|[\u4e00-\u9fff]{0,3}(?:局|委))?")
_SUBPLACE = re.compile(r"(?!很多|许多|诸多|各|每|全|该|这|那|一些|部分|所有|有的|(?:高新|开发|经开|新|园|自贸|保税|工业)区)"
                       r"[\u4e00-\u9fff]{2,5}?(?:片区|镇|街道|乡)(?![\u4e00-\u9fff]{0,1}(?:长|政府|党委))")
# a village or community written after its town (南华镇太和村, 淤泥乡岩博联村): no function word, no body inside
_VILLAGE = re.compile(r"(?:(?![的在是为党委政府乡镇村区县这那个各每全该本此其等多])[\u4e00-\u9fff]){2,4}?(?:村|社区|嘎查)")
_DIVISIONS = ("district", "county", "prefecture", "county_city")


@Language.factory("kg_places", default_config={})
def make_places(nlp: Language, name: str) -> "PlaceRecognizer":
    return PlaceRecognizer()


class PlaceRecognizer(Recognizer):
    """Adds City/Region candidates (canonical names from the gazetteer)."""

    def match(self, doc: Doc) -> list[Cand]:
        d = document_of(doc)
        text = doc_text(doc)
        city = d.city or next((s.city for s in d.sections if s.city), None)
        out: list[Cand] = []
        matches = list(find_places(text, city))
        level_at = {m.start: m.place.level for m in matches}
        for m in matches:
            # in a multi-city document the section's city disambiguates
            out.append(Cand(m.start, m.end, m.text, m.place.type, "place", prio=1, canon=m.place.name,
                            data={"place": m.place}))
            # 吉林省|长春新区, 德阳市|中江县南华镇: a place written next opens what follows, not the one before it
            if m.place.level in ("province", "municipality", "prefecture", "county_city") and m.end not in level_at:
                na = _NEW_AREA.match(text, m.end)
                if na and not re.search(r"[的在和与及、]", na.group()):
                    out.append(Cand(m.start, na.end(), text[m.start:na.end()], "Region", "new_area", prio=1,
                                    canon=text[m.start:na.end()], data={"parent": m.place.name}))
            if m.place.level in _DIVISIONS and level_at.get(m.end) not in _DIVISIONS:
                sm = _SUBPLACE.match(text, m.end)
                if sm:
                    out.append(Cand(sm.start(), sm.end(), sm.group(), "Region", "subplace", prio=1,
                                    canon=sm.group(), data={"parent": m.place.name}))
                    vm = _VILLAGE.match(text, sm.end()) if not sm.group().endswith("片区") else None
                    if vm:
                        out.append(Cand(vm.start(), vm.end(), vm.group(), "Region", "subplace", prio=1,
                                        canon=vm.group(), data={"parent": sm.group()}))
        return out

    def set_annotations(self, doc: Doc, cands: list[Cand]) -> None:
        super().set_annotations(doc, cands)
        doc._.kg_places = list(cands)
