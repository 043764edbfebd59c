"""Write ``loaders/patterns/public_world_places.txt``: the world's countries and territories (Region) and
foreign cities (City) under their Chinese names, from the Unicode CLDR as shipped in Babel.

    pip install babel==2.18.0        # only this script needs it; the extractor reads the written file
    python scripts/make_world_places.py > loaders/patterns/public_world_places.txt

Countries and territories are CLDR's ``zh`` names of the ISO 3166-1 regions, with its continents and world
regions (UN M49); cities are CLDR's ``zh`` exemplar cities of the IANA time zones.  China's own regions and
cities are left out (the division list ``admin_divisions.txt`` holds them), as are CLDR's pseudo and grouping
codes, Antarctic stations, small settlements named only because a time zone bears their name, and names that are
also common Chinese words or people (``DROP`` below).  A short hand list adds the capitals and largest cities that have no time zone of
their own (``EXTRA_CITIES``); it was compiled by hand, not from any document this project processes.  A
mechanical check afterwards (every hand-added form against the annotated texts) found three cities written only
in frozen test documents (汉诺威, 斯特拉斯堡, 圣彼得堡); they were taken out.
Deterministic: the same Babel version writes the same file.
"""

from __future__ import annotations

import babel
from babel import Locale

# not countries: pseudo-regions, groupings, China's own regions (kept in admin_divisions.txt / countries.txt)
NOT_COUNTRIES = {"CN", "HK", "MO", "TW", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
# short forms the Chinese press uses for CLDR's long names
ALIASES = {"阿拉伯联合酋长国": ["阿联酋"], "巴勒斯坦": ["巴勒斯坦领土"], "多米尼加共和国": ["多米尼加"],
           "波斯尼亚和黑塞哥维那": ["波黑"], "刚果（金）": ["刚果民主共和国"], "刚果（布）": ["刚果共和国"],
           "印度尼西亚": ["印尼"], "沙特阿拉伯": ["沙特"], "北马其顿": ["马其顿"],
           "斯威士兰": ["埃斯瓦蒂尼"]}
# time-zone cities that are no city a reader means, or that are also common words or people
DROP = {
    # Antarctic stations and remote islands
    "卡塞", "戴维斯", "迪蒙·迪维尔", "麦格理", "莫森", "麦克默多", "帕尔默", "罗瑟拉", "昭和", "特罗尔", "沃斯托克",
    "中途岛", "复活节岛", "科隆群岛", "威克", "恩德伯里", "坎顿岛", "基里地马地岛", "甘比尔", "马克萨斯",
    "查塔姆", "豪勋爵岛", "林德曼", "查戈斯", "凯尔盖朗", "可可斯", "法罗", "马德拉", "加那利", "亚速尔群岛",
    "南乔治亚", "斯坦利", "波纳佩岛", "特鲁克群岛", "库赛埃", "夸贾林", "法考福", "布干维尔", "埃法特",
    # time-zone towns hardly named in the press
    "埃达克", "剑桥湾", "大坎普", "阿蒂科肯", "克雷斯顿", "丹马沙文", "道森", "道森克里克", "依伦尼贝",
    "纳尔逊堡", "格莱斯贝", "古斯湾", "大特克", "兰今湾", "雷索卢特", "伊努维克", "伊魁特", "怀特霍斯",
    "斯威夫特卡伦特", "布兰克萨布隆", "梅诺米尼", "梅特拉卡特拉", "亚库塔特", "锡特卡", "诺姆", "朱诺",
    "斯科列斯比桑德", "图勒", "洛罗尼亚", "下太子区", "马里戈特", "蒙克顿", "奥希纳加", "巴伊亚班德拉斯",
    "汉德加", "乌斯内拉", "中科雷姆斯克", "布辛根", "玛丽港", "密克隆", "圣托马斯", "圣文森特", "圣基茨",
    "开曼", "安提瓜", "托尔托拉", "巴伊亚", "贝伦", "梅里达", "科尔多瓦", "门多萨", "圣胡安", "圣路易斯",
    "拉里奥哈", "萨尔塔", "卡塔马卡", "图库曼", "胡胡伊", "里奥加耶戈斯", "阿拉瓜伊纳", "圣塔伦", "博伊西",
    "尤克拉", "布罗肯希尔", "未知城市",
    # also words, brands or people in Chinese text
    "万象", "达尔文", "卡宴", "乌拉尔", "基洛夫", "亚丁", "萨哈林", "堪察加", "瓦利斯", "塔希提", "萨马拉",
    # read inside ordinary text or longer names: 里加入, 沿海地区, 铁塔林立, 万事达卡, 西哈努克, 东京都, 首都柏林,
    # 埃马纽埃尔, 约翰尼斯, 胡辣汤加工, 多米尼克·…, 萨尔瓦多·…
    "里加", "海地", "塔林", "达卡", "努克", "京都", "都柏林", "纽埃", "尼斯", "汤加", "多米尼克", "萨尔瓦多",
}
# CLDR's continents and world regions (UN M49 codes) kept; 中非 is left out (the press's 中非 is China–Africa)
M49 = {"002", "003", "005", "009", "011", "013", "014", "015", "019", "029", "030", "034", "035", "039", "142", "143",
       "145", "150", "151", "154", "155", "419"}
M49_ALIASES = {"拉丁美洲": ["拉美"], "北美洲": ["北美"], "南美洲": ["南美"], "加勒比地区": ["加勒比"]}
# regions the press names that CLDR has no code for (hand list)
EXTRA_REGIONS = ["英格兰", "苏格兰", "威尔士", "北爱尔兰", "中东"]
# CLDR names the press writes otherwise
RENAME = {"巴勒斯坦领土": "巴勒斯坦"}
# capitals and large cities without a time zone of their own (hand list, Xinhua's usual Chinese forms)
EXTRA_CITIES = [
    "华盛顿", "旧金山", "波士顿", "西雅图", "休斯敦", "迈阿密", "费城", "亚特兰大", "圣迭戈", "拉斯维加斯",
    "渥太华", "蒙特利尔", "卡尔加里", "堪培拉", "惠灵顿", "巴西利亚", "里约热内卢",
    "新德里", "孟买", "金奈", "班加罗尔", "海得拉巴", "伊斯兰堡", "拉合尔", "河内", "内比都", "阿布扎比",
    "多哈", "麦纳麦", "安卡拉", "伊兹密尔", "阿斯塔纳", "大阪", "京都", "名古屋", "横滨", "神户", "福冈",
    "札幌", "釜山", "仁川", "比勒陀利亚", "开普敦", "阿布贾", "拉巴特", "亚穆苏克罗", "多多马", "蒙巴萨",
    "日内瓦", "伯尔尼", "洛桑", "巴塞尔", "慕尼黑", "汉堡", "法兰克福", "斯图加特", "杜塞尔多夫", "科隆",
    "德累斯顿", "莱比锡", "不来梅", "米兰", "都灵", "威尼斯", "佛罗伦萨", "那不勒斯", "热那亚",
    "巴塞罗那", "巴伦西亚", "塞维利亚", "波尔图", "马赛", "里昂", "图卢兹", "海牙",
    "鹿特丹", "安特卫普", "曼彻斯特", "伯明翰", "利物浦", "爱丁堡", "格拉斯哥", "牛津", "哥德堡", "卑尔根",
    "喀山", "克拉科夫", "格但斯克",
]


def countries(loc: Locale) -> list[tuple[str, list[str]]]:
    """``(name, aliases)`` of every ISO 3166-1 country or territory but China's own, then the continents and
    world regions, then the hand list."""
    out = []
    for code, name in sorted(loc.territories.items()):
        name = RENAME.get(name, name)
        if code.isalpha() and code not in NOT_COUNTRIES and name not in DROP:
            out.append((name, ALIASES.get(name, [])))
    for code, name in sorted(loc.territories.items()):
        if code in M49:
            out.append((name, M49_ALIASES.get(name, [])))
    out += [(name, []) for name in EXTRA_REGIONS]
    return out


def cities(loc: Locale, taken: set[str]) -> list[str]:
    """Exemplar cities of the time zones outside China, then the hand list; no name twice."""
    out: list[str] = []
    for tz, names in sorted(loc.time_zones.items()):
        name = names.get("city")
        if not name or tz.startswith(("Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei")):
            continue
        # "州" marks a town named with its US state (印第安纳州诺克斯): no form the press writes
        if name in DROP or "州" in name or name in taken or len(name) < 2:
            continue
        out.append(name)
        taken.add(name)
    for name in EXTRA_CITIES:
        if name not in taken:
            out.append(name)
            taken.add(name)
    return out


def main() -> None:
    loc = Locale("zh")
    rows = countries(loc)
    taken = {n for name, aliases in rows for n in (name, *aliases)}
    towns = cities(loc, taken)
    print("# The world's countries, territories and regions (Region) and foreign cities (City) under their")
    print("# Chinese names: name <TAB> type <TAB> short forms (comma-separated).")
    print(f"# Source: Unicode CLDR as shipped in Babel {babel.__version__} (locale zh): the names of the ISO 3166-1")
    print("#   regions, of its continents and world regions (UN M49) and the exemplar cities of the IANA time")
    print("#   zones.  Left out: China's own regions and cities, pseudo codes, Antarctic stations, remote")
    print("#   islands, small time-zone towns and names that are also common words or people.  Added: press")
    print("#   short forms (阿联酋, 波黑, 拉美), a hand list of capitals and large cities without a time zone and")
    print("#   of regions without a code (苏格兰, 中东).  Written by scripts/make_world_places.py.")
    print(f"# Count: {len(rows)} countries, territories and regions, {len(towns)} cities.")
    print("# Licence: CLDR data, Unicode License v3 (names of places are facts).")
    for name, aliases in rows:
        print(f"{name}\tRegion\t{','.join(aliases)}")
    for name in towns:
        print(f"{name}\tCity\t")


if __name__ == "__main__":
    main()
