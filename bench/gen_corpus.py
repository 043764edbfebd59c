"""Generate a realistic synthetic corpus N times the size of the sample corpus.

Each generated document mixes sentences of the seed documents (so the text
reads like the real thing) with generated sentences that introduce distinct
organisations, programmes, funds and people, so the graph really grows with
the corpus.  Deterministic for a given seed.

    python bench/gen_corpus.py --times 10 --out /tmp/corpus10
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from pathlib import Path

CITIES = ["青岛", "济南", "烟台", "潍坊", "淄博", "威海", "临沂", "郑州", "洛阳", "常州", "苏州", "无锡",
          "南通", "泉州", "晋江", "福州", "厦门", "合肥", "芜湖", "武汉", "宜昌", "长沙", "株洲", "成都",
          "绵阳", "西安", "宝鸡", "南昌", "佛山", "东莞", "珠海", "宁波", "温州", "嘉兴", "绍兴", "太原"]
SECTORS = ["海洋", "海洋物联网", "新能源汽车", "生物医药", "医疗器械", "合成生物", "人工智能", "集成电路",
           "工业互联网", "氢能", "储能", "新材料", "智能制造", "高端装备", "光电子", "区块链", "大数据",
           "现代农业", "航空航天", "金融科技", "节能环保", "虚拟现实", "智能传感器", "机器人"]
SYLLABLES = list("华晨锐泰鼎盛恒信瑞康博远科创智联新达源海宏睿图天元正和佳通凯德丰嘉禾启明星辰")
SYLLABLES = [s for s in SYLLABLES if "\u4e00" <= s <= "\u9fff"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂华建国志红文玉兰海波宁晨昊宇轩浩然子涵")
ROLES = ["董事长", "总经理", "创始人", "首席科学家", "院长", "主任", "投资总监", "党组书记、局长"]
COMPANY_TAILS = ["科技有限公司", "智能装备有限公司", "生物科技股份有限公司", "新材料有限公司", "电子科技有限公司"]

TEMPLATES = [
    "{company}(以下简称“{short}”)完成了{amount}万元A轮融资,由{vc}领投。",
    "{short}专注于{sector}领域,是{incubator}培育的企业。",
    "{person}是{company}的{role}。",
    "{agency}印发《关于支持{sector}产业高质量发展的若干措施》,设立“{program}”。",
    "“{program}”重点支持{sector}、{sector2}等领域,对入选项目给予最高{amount}万元的资助。",
    "{fund}由{bank}发放,已为{short}提供{amount}万元贷款。",
    "{lab}依托{university}建设,聚焦{sector}方向开展攻关。",
    "{park}内已入驻企业{n}家,其中包括{short}。",
    "{institute}与{company}联合打造{sector}中试平台。",
]


def _word(rng: random.Random, k: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(k))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def seed_sentences(folder: Path) -> list[str]:
    """Body sentences of the seed documents (long enough to be prose)."""
    out: list[str] = []
    for f in sorted(folder.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        out.extend(s for s in re.findall(r"[^。！？\n]+[。！？]", text) if len(s) >= 20)
    return out


def generated_sentence(rng: random.Random, uid: int, city: str) -> str:
    """One templated sentence introducing new, distinct names (``uid`` keeps them unique)."""
    tag = _word(rng, 2) + _word(rng, 1)
    short = tag + _word(rng, 1)
    values = {
        "company": f"{city}{short}{rng.choice(COMPANY_TAILS)}",
        "short": short,
        "amount": rng.choice([100, 200, 300, 500, 800, 1000, 1500, 3000]),
        "vc": f"{_word(rng)}{_word(rng, 1)}创投",
        "sector": rng.choice(SECTORS),
        "sector2": rng.choice(SECTORS),
        "incubator": f"{city}{_word(rng)}{rng.choice(['孵化器', '众创空间', '加速器'])}",
        "person": _person(rng),
        "role": rng.choice(ROLES),
        "agency": f"{city}市{rng.choice(['科学技术局', '财政局', '工业和信息化局'])}",
        "program": f"{_word(rng)}{uid % 97}号{rng.choice(['计划', '工程', '行动'])}",
        "fund": f"{_word(rng)}贷{uid % 89}号",
        "bank": f"{city}{_word(rng)}银行科技支行",
        "lab": f"{_word(rng)}{rng.choice(SECTORS)}山东省实验室",
        "university": f"{city}{_word(rng)}大学",
        "park": f"{city}{_word(rng)}科技园",
        "institute": f"{city}{_word(rng)}研究院",
        "n": rng.randint(10, 300),
    }
    return rng.choice(TEMPLATES).format(**values)


def generate(times: int, seeds: Path, seed: int = 7) -> Iterator[tuple[str, str]]:
    """Yield ``(file name, text)`` for ``times`` × the sample corpus (5 documents each time)."""
    rng = random.Random(seed)
    pool = seed_sentences(seeds)
    sample_chars = sum(len(f.read_text(encoding="utf-8")) for f in seeds.glob("*.txt"))
    per_doc = sample_chars // 5
    uid = 0
    for i in range(times * 5):
        city = rng.choice(CITIES)
        parts = [f"{city}市推进科技创新工作综述(第{i + 1}期)\n"]
        size = len(parts[0])
        while size < per_doc:
            if rng.random() < 0.5:
                s = generated_sentence(rng, uid, city)
                uid += 1
            else:
                s = rng.choice(pool)
            parts.append(s)
            size += len(s)
            if rng.random() < 0.2:
                parts.append("\n")
        yield f"gen_{i:06d}.txt", "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--times", type=int, default=10, help="corpus size as a multiple of the sample corpus")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parent.parent / "corpus" / "sample")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, text in generate(args.times, args.seeds, args.seed):
        (args.out / name).write_text(text, encoding="utf-8")
        n += 1
    print(f"wrote {n} documents to {args.out}")


if __name__ == "__main__":
    main()
