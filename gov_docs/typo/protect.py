"""Protected entities: the parts of a text the typo checker must never "correct".

A statistical checker sees an unfamiliar character sequence and wants to turn it into a familiar one —
exactly what a person's name (王鑫, 李娟), a road (广泽公路), a company or brand (蔚来), a 文号 (X党办发) or
a quoted slogan is. This pass marks such spans before any candidate is scored.

Two strengths:
- ``hard``: never touched — 《titles》, 文号, the 附注 formula (（此件公开发布）), numbered points
  (一是…五是), person names (lists of names, names after 同志/职务/任命/
  免去, every name-shaped item in a 表彰/任免 document), place/road and organisation names, short
  quoted material, allow-listed terms, known names from pycorrector's lists, words of three or more
  characters of the shipped office vocabularies, characters next to Latin letters or digits;
- ``soft``: a hint (疑似) at most, never a one-click 必错 — longer quoted material and two-character
  words of the shipped office vocabularies (both sides of a 权力/权利 confusion are real words).

Everything here is a pure function of the text (and, for the document-level switch, of the title);
``protect(text, res, allow_terms, names_document)`` returns a :class:`Protection`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from gov_docs.typo.resources import TypoResources, is_han

# Single-character surnames, the common ones first (about 99% of the population), and compound ones.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵩帖兆芶葛东郗"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
                     "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延", "澹台", "万俟")

HAN = r"\u4e00-\u9fff"
HAN_RUN = re.compile(rf"[{HAN}]{{2,}}")  # (is_han: the same range)
TITLE_SPAN = re.compile(r"《[^《》]{0,80}》")
# 文号: 国办发〔2020〕12号, 湘党办发[2019]3号, 国办函（2021）5号; and the organ part standing alone (X党办发)
DOC_NUMBER = re.compile(rf"[{HAN}]{{1,10}}\s*[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d{{1,4}}\s*号?")
DOC_NUMBER_PREFIX = re.compile(rf"[{HAN}]{{0,4}}(?:党办|政办|办公厅|办公室|党|政|办|委|厅|局)"
                               rf"(?:发电|明电|发|函|字|电)(?![{HAN}])")
# the 附注 under the date (GB/T 9704-2012 7.3.7), a formula: （此件公开发布）, （此件发至县级）
ANNOTATION = re.compile(r"[（(]此件[^（）()]{1,20}[）)]")
# the numbered points of a paragraph: 一是…二是…五是 at the start of a sentence or clause (a 公文 formula,
# never 于是)
ENUMERATION = re.compile(r"(?:^|(?<=[。；;：:，,\s\u3000]))[一二三四五六七八九十]{1,3}是")
QUOTES = re.compile(r"“[^“”]{1,200}”|‘[^‘’]{1,200}’|「[^「」]{1,200}」|『[^『』]{1,200}』|\"[^\"]{1,200}\"")
SHORT_QUOTE = 12  # quoted material up to this many characters (a name, a slogan) is never touched
# a person's name after a post, an appointment verb or before 同志 (lazy: the shortest name that fits)
POSTS = ("部长|副部长|主任|副主任|书记|副书记|省长|副省长|市长|副市长|县长|副县长|区长|局长|副局长|厅长|"
         "副厅长|主席|副主席|总理|副总理|委员|院长|副院长|秘书长|组长|副组长|司长|处长|科长|署长|行长|会长|"
         "理事长|董事长|总经理|经理|主任委员|校长|所长|台长|社长|检察长|庭长|审判员|检察官|大使|特使|代表|"
         "部长助理|总监|同志|先生|女士|教授|研究员|院士|专家|记者|主持人|负责人|联系人|经办人|联系电话")
APPOINT = "任命|免去|提名|聘任|聘请|选举|推选|增补|补选|授予|追授|追认|表彰|嘉奖|记功|批准|同意|决定|推荐"
NAME_END = (
    r"(?=同志|为|的|任|兼|等|担任|不再|职务|主持|出席|强调|指出|表示|说|讲话|[、，,。；;：:（(）)\s]|$)")
NAME_AFTER = re.compile(rf"(?:{POSTS}|{APPOINT})[：:]?\s*(?P<name>(?:{'|'.join(COMPOUND_SURNAMES)}|"
                        rf"[{''.join(sorted(SURNAMES))}])[{HAN}]{{1,2}}?){NAME_END}")
NAME_BEFORE = re.compile(rf"(?P<name>[{HAN}]{{2,4}})(?=同志|院士|研究员|教授|先生|女士)")
# an item of a list of people annotated with sex or ethnicity: 屠呦呦（女）, 立克拢拢（彝族）
ANNOTATED_NAME = re.compile(rf"(?:^|(?<=[、，,；;\s\u3000：:）)]))(?P<name>[{HAN}·]{{2,8}})"
                            rf"(?=（(?:女|男|[{HAN}]{{1,4}}族)[）,，、])")
# a term the document defines: （以下简称综服企业）, 简称“放管服”
DEFINED_TERM = re.compile(rf"(?:以下简称|简称|下称)[“\"‘]?(?P<term>[{HAN}]{{2,8}}?)(?=[”\"’）)，,。；;、]|$)")
# place / road / organisation names: the characters before such a suffix are a proper name
ROAD_SUFFIX = re.compile(rf"(?P<name>[{HAN}]{{2}})(?:高速公路|公路|大道|大街|铁路|大桥|隧道|立交桥|高架|"
                         rf"路|街|巷|桥|机场|港|码头|水库|口岸)")
ORG_SUFFIX = re.compile(rf"(?P<name>[{HAN}]{{2,4}}?)(?:股份有限公司|有限责任公司|有限公司|股份公司|公司|集团|"
                        rf"银行|大学|学院|医院|研究院|研究所|协会|学会|商会|基金会)")
# a company's registered name (a 字号 between the place and the trade): 河南滑丰种业科技有限公司 — the name is
# everything from the last break before the legal form, up to 12 characters (ORG_SUFFIX alone kept 种业科技)
COMPANY = re.compile(rf"(?P<name>[{HAN}]{{2,12}})(?:股份有限公司|有限责任公司|有限公司|股份公司)")
# a transliterated name with a middle dot: 热依扎·巴合道列提, 阿依努尔·吐尔逊
DOTTED_NAME = re.compile(rf"[{HAN}]{{1,8}}[·•‧][{HAN}]{{1,10}}(?:[·•‧][{HAN}]{{1,10}})*")
PLACE_SUFFIX = re.compile(rf"(?P<name>[{HAN}]{{2,3}}?)(?:自治州|自治县|自治区|特别行政区|开发区|高新区|新区|"
                          rf"省|市|县|镇)(?=人民政府|政府|党委|委员会|[、，,。；;：:\s（(]|$)")
# a place inside an address chain — each unit is named after the one above it: 中益乡华溪村, 二号桥街道陶然庭
# 苑
# 社区, 稼依镇大稼依社区, 歙县深渡镇 (the unit before it says a proper name starts here, the one after it
# ends)
PLACE_CHAIN = re.compile(
    rf"(?:(?<=省)|(?<=市)|(?<=县)|(?<=区)|(?<=州)|(?<=盟)|(?<=旗)|(?<=乡)|(?<=镇)|(?<=街道))"
                         rf"(?P<name>[{HAN}]{{2,5}}?)(?=社区|居委会|村委会|村|嘎查|街道|镇|乡)")
# scenic areas, reserves and parks: 荔波樟江风景名胜区, 赤水旅游度假区
AREA_SUFFIX = re.compile(
    rf"(?P<name>[{HAN}]{{2,4}}?)(?:风景名胜区|名胜区|旅游区|景区|自然保护区|保护区|国家公园|"
                         rf"森林公园|湿地公园|地质公园|度假区)")
# 央企, 国企, 房企, 船企, 险企: one character + 企 is an industry's enterprises, not a slip for 起/只/其
ENTERPRISE = re.compile(rf"[{HAN}]企(?![业图盼求及望])")
# items of a list of names: 2–4 Han characters (or a surname, spaces, one character: 王　五) between
# separators
LIST_SEP = r"[、，,；;\s\u3000：:（()）]"
LIST_ITEM = re.compile(
    rf"(?<![{HAN}·])(?P<item>[{HAN}](?:[\s\u3000]{{1,3}}[{HAN}]|[{HAN}·]{{1,4}}))(?![{HAN}·])")
NAMES_DOCUMENT = re.compile(
    r"表彰|表扬|嘉奖|任免|任命|免去|名单|获奖|先进集体|先进个人|劳动模范|通报表扬|聘任|选举")
# a list item ending like this is an organisation or place, not a person (财政部、生态环境部)
NOT_NAME_END = frozenset("部委局厅办院会署行司处所校站队厂社省市县区镇乡村组团室科馆中心业")
LIST_RUN = 3  # name-like items in a row that make a list of names (2 in a 表彰/任免 document)
# an enumeration: three or more short items separated by 、 (内蒙古策克、甘其毛都、满都拉; 企业科协、
# 企业团委、职工技协、研发中心). The first and the last item run into the sentence around them, the middle
# ones do not; a middle item of more than 8 characters is a phrase, not a name
END_ITEM = 4
ENUMERATION_LIST = re.compile(rf"[{HAN}]{{1,12}}(?:、[{HAN}]{{1,8}}){{2,}}")
# jieba tags that say a token is a place or a person's name (PLACE_TAGS), or an organisation, another
# proper name or an abbreviation (简称)
PLACE_TAGS = frozenset(("ns", "nr", "nrfg", "nrt"))
PROPER_TAGS = PLACE_TAGS | {"nt", "nz", "j"}


@dataclass
class Protection:
    """Positions (code points) the checker must not change (``hard``) or may only hint at (``soft``)."""

    hard: set[int] = field(default_factory=set)
    soft: set[int] = field(default_factory=set)
    reasons: dict[int, str] = field(default_factory=dict)  # first reason given per position
    quoted: set[int] = field(default_factory=set)  # inside quotation marks

    def add(self, start: int, end: int, reason: str, *, soft: bool = False) -> None:
        """Protect positions start..end-1."""
        target = self.soft if soft else self.hard
        for i in range(max(0, start), end):
            target.add(i)
            self.reasons.setdefault(i, reason)


def starts_with_surname(item: str) -> bool:
    """Return True when ``item`` begins with a Chinese surname (compound ones included)."""
    return item[:2] in COMPOUND_SURNAMES or item[:1] in SURNAMES


def name_lists(text: str, res: TypoResources, names_document: bool, prot: Protection) -> None:
    """Protect every item of a run of name-like list items (王鑫、李娟、张凯 …; 王　五  李　四)."""
    items = []
    for m in LIST_ITEM.finditer(text):
        raw = m.group("item")
        item = re.sub(r"[\s\u3000]", "", raw)
        gap = text[items[-1][1]:m.start()] if items else ""
        items.append((m.start(), m.end(), item, gap))
    run: list[tuple[int, int]] = []

    def close() -> None:
        if len(run) >= (2 if names_document else LIST_RUN):
            for s, e in run:
                prot.add(s, e, "人名")
        run.clear()

    for start, end, item, gap in items:
        if run and not re.fullmatch(rf"{LIST_SEP}{{1,6}}|（[^（）]{{0,12}}）{LIST_SEP}{{0,3}}", gap):
            close()
        res.ensure(item)  # spaces taken out: its characters may not stand together in the text
        name_like = (2 <= len(item) <= 4 and starts_with_surname(item) and item[-1] not in NOT_NAME_END
                     and res.freq.get(item, 0) < 2000)
        if name_like:
            run.append((start, end))
        else:
            close()
    close()


def proper_lists(text: str, res: TypoResources, prot: Protection) -> None:
    """Protect the items of an enumeration of proper names or abbreviations (ports, places, organisations:
    阿尔山、额布都格、阿日哈沙特; 企业科协、企业团委、职工技协).

    Such items are exactly what neither the word statistics nor a small model know — a port, a 简称 — and
    what they most want to "correct" (额布都格 → 阿布都格, 技协 → 技术). An enumeration is three or more
    items separated by 、; the first item is taken back from the 、 and the last one forward (up to 等), as
    far as the longest middle item reaches, at least ``END_ITEM`` characters (the sentence around them is
    not part of the list). When at least
    half of the items hold a token jieba's tagger calls a place or a person (or are a known name), the
    items are never touched; when at least half hold a proper name of any kind (an organisation, an
    abbreviation), a change in them is a hint at most: a slip in a ministry's name in a list of
    ministries (工业和言息化部) is still shown, but never fixed with one click.
    """
    for m in ENUMERATION_LIST.finditer(text):
        items = m.group().split("、")
        reach = max(END_ITEM, *(len(item) for item in items[1:-1]))
        spans = [(m.start() + len(items[0]) - min(reach, len(items[0])), m.start() + len(items[0]))]
        at = spans[0][1] + 1
        for item in items[1:-1]:
            spans.append((at, at + len(item)))
            at += len(item) + 1
        spans.append((at, at + len(items[-1][:reach].split("等")[0])))
        kinds = [item_kind(text[a:b], res) for a, b in spans]
        places, proper = kinds.count("place"), len(kinds) - kinds.count("")
        if 2 * proper >= len(spans):
            for a, b in spans:
                prot.add(a, b, "列举专名", soft=2 * places < len(spans))


def item_kind(item: str, res: TypoResources) -> str:
    """Say what a list item is: "place" (it is or holds a place or a person's name), "proper" (another
    proper name or an abbreviation) or "" (see :func:`proper_lists`).
    """
    if item in res.names:
        return "place"
    from gov_docs.text.segment import pos_tagger

    tags = {token.flag for token in pos_tagger().cut(item, HMM=True)}
    return "place" if tags & PLACE_TAGS else "proper" if tags & PROPER_TAGS else ""


def protect(text: str, res: TypoResources, allow_terms: tuple[str, ...] = (), *,
            names_document: bool = False) -> Protection:
    """Return the protected positions of ``text``.

    ``allow_terms``: the user's allow-list; ``names_document``: the text comes from a 表彰/任免/名单
    document (its title matched :data:`NAMES_DOCUMENT`), where two name-like items in a row already make
    a list of names.
    """
    res.ensure(text)
    prot = Protection()
    for m in TITLE_SPAN.finditer(text):
        prot.add(m.start(), m.end(), "书名号内")
    for pattern in (DOC_NUMBER, DOC_NUMBER_PREFIX):
        for m in pattern.finditer(text):
            prot.add(m.start(), m.end(), "文号")
    for m in ANNOTATION.finditer(text):
        prot.add(m.start(), m.end(), "附注")
    for m in ENUMERATION.finditer(text):
        prot.add(m.start(), m.end(), "序号")
    for m in QUOTES.finditer(text):
        short = m.end() - m.start() - 2 <= SHORT_QUOTE
        prot.add(m.start(), m.end(), "引号内", soft=not short)
        prot.quoted.update(range(m.start(), m.end()))
    for term in allow_terms:
        if term:
            start = text.find(term)
            while start >= 0:
                prot.add(start, start + len(term), "允许词")
                start = text.find(term, start + 1)
    n = len(text)
    vocab = res.vocab
    for length in (8, 7, 6, 5, 4, 3, 2):
        for start in range(0, n - length + 1):
            word = text[start:start + length]
            if length >= 3 and word in res.names:  # two-character entries collide with words (郭嘉/国家)
                prot.add(start, start + length, "人名地名")
            elif word in vocab:
                prot.add(start, start + length, "公文词表", soft=length == 2)
    for m in NAME_AFTER.finditer(text):
        prot.add(m.start("name"), m.end("name"), "人名")
    for m in NAME_BEFORE.finditer(text):
        name = m.group("name")
        # 王广华同志 / 欧阳华同志: the surname decides where the name starts
        for k in range(len(name) - 1):  # the longest name that starts with a surname
            rest = name[k:]
            if rest[:2] in COMPOUND_SURNAMES and len(rest) >= 3 or rest[0] in SURNAMES and len(rest) <= 3:
                prot.add(m.start() + k, m.end(), "人名")
                break
    for m in ANNOTATED_NAME.finditer(text):
        prot.add(m.start("name"), m.end("name"), "人名")
    for m in DOTTED_NAME.finditer(text):
        prot.add(m.start(), m.end(), "人名")
    for m in COMPANY.finditer(text):
        prot.add(m.start("name"), m.end("name"), "专名")
    for pattern in (ROAD_SUFFIX, ORG_SUFFIX, PLACE_SUFFIX, PLACE_CHAIN, AREA_SUFFIX):
        for m in pattern.finditer(text):
            name = m.group("name")
            if res.freq.get(name, 0) < 5000:  # 加快建设公路: 建设 is no name
                prot.add(m.start("name"), m.end("name"), "专名")
    for i in range(1, n - 1):
        # parallel frames (改炉改灶改水, 良技良艺良法, 联股联业): the slot between repeated characters is
        # chosen on purpose, so a change there is a hint at most
        ch = text[i]
        if is_han(ch) and (text[i - 1] == text[i + 1] != ch and is_han(text[i - 1])
                           or i >= 3 and text[i - 1] == text[i - 3] != ch and is_han(text[i - 1])
                           or i + 3 < n and text[i + 1] == text[i + 3] != ch and is_han(text[i + 1])):
            prot.add(i, i + 1, "排比结构", soft=True)
        elif is_han(ch) and i + 2 < n and text[i + 2] == ch and is_han(text[i - 1]) and is_han(text[i + 1]) \
                and len({text[i - 1], ch, text[i + 1]}) == 3:
            # the character itself repeats in a four-character frame (遵法守法, 学法用法, 知法懂法)
            prot.add(i, i + 1, "排比结构", soft=True)
            prot.add(i + 2, i + 3, "排比结构", soft=True)
    for m in ENTERPRISE.finditer(text):
        prot.add(m.start(), m.end(), "企业简称")
    name_lists(text, res, names_document, prot)
    proper_lists(text, res, prot)
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isalnum():
            prot.add(i - 1, i + 2, "字母数字旁")
    prot.soft -= prot.hard
    return prot


def defined_terms(text: str) -> tuple[str, ...]:
    """Terms a document defines for itself (（以下简称综服企业）, 简称“放管服”): protected wherever they
    recur.
    """
    return tuple(dict.fromkeys(m.group("term") for m in DEFINED_TERM.finditer(text)))


RECURRING = 3  # a two-character sequence used this often in one document is the writer's own term


def recurring_terms(text: str, at_least: int = RECURRING) -> frozenset[str]:
    """Return the two-Han-character sequences ``text`` (a whole document) uses ``at_least`` times or more.

    A writer does not make the same slip over and over: a sequence a document keeps using is its term, even
    where neither the vocabularies nor the model know it (并处罚款 in a regulation, 设区的市, 大湖流域), so
    the model's doubt about it is not shown as a hint (see ``gov_docs.typo.corrector.lm_decisions``).
    """
    # the pairs of each run of Han characters, counted by Counter's own loop instead of one Python step per
    # character (the verified mode counts them for every document it checks)
    counts: Counter[str] = Counter()
    for run in HAN_RUN.findall(text):
        counts.update(map(str.__add__, run, run[1:]))
    return frozenset(p for p, n in counts.items() if n >= at_least)


def is_names_document(title: str) -> bool:
    """Return True for a 表彰/任免/名单 document title (lists of people are expected in it)."""
    return bool(NAMES_DOCUMENT.search(title or ""))


def han_only(word: str) -> bool:
    """Return True when every character of ``word`` is a CJK ideograph."""
    return bool(word) and all(is_han(c) for c in word)
