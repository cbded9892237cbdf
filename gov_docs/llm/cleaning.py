"""Cleaning model output into 公文 register: what the model writes is kept only if a clerk could keep it.

One function, :func:`clean_section`, turns raw model output into body text: Markdown, list markers and
prompt echoes go; the sentence chains of chat models (首先……其次……此外……最后) lose their connectors;
first person (我/我们/本人) and assistant talk are removed; a sentence that echoes the document's own
title ("为做好……工作的通知，") is dropped; a sentence repeating one already in the draft (80% shared
character bigrams) is cut; numbers, years and 文号 the clerk did not give become ×× / 〔　〕 for the clerk
to fill, and a 《title》 the clerk did not give drops its sentence. :func:`register_counts` counts what is
left of each problem, for the benchmark and the tests.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gov_docs.errors import GovDocsError
from gov_docs.llm.asks import commands_addressee
from gov_docs.text.han import han_bigrams, han_only
from gov_docs.text.headings import LIST_MARK as _LIST_MARK
from gov_docs.text.headings import MARKED_LABEL, restore_bracket

#: Where a section could not be written: kept visible for the clerk (and flagged by a rule), never disguised.
PLACEHOLDER = "【待补充：{heading}】"
RE_PLACEHOLDER = re.compile(r"【待补充[:：][^】]*】")

_MD = re.compile(r"(\*\*|__|`{1,3}|^#{1,6}\s*|^>\s*|^\s*-{3,}\s*$|^\s*\|.*\|\s*$)", re.M)
_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
SENTENCE = re.compile(r"[^。！？；]+[。！？；]?")

#: Prompt lines the model sometimes echoes ("文种：通知（下行文）"): dropped whole.
_ECHO_LINE = re.compile(
    r"^(?:公文标题|公文|标题|文种|任务|写作要求|要点|办文人给出的要点|参考资料|参考范文|全文提纲|提纲|"
                        r"本节要点|范文\d?)[:：]")
#: Prefixes it sometimes puts before the text ("请示（上行文）：", "正文："): stripped.
_ECHO = re.compile(r"^(?:正文|开头|内容)[:：]|^[\u4e00-\u9fff]{1,4}（(?:[上下平]行文|公布)）[:：]?")
#: Assistant talk that never belongs in a 公文: the sentence goes.
PERSONA = re.compile(
    r"我将|我会|为您|作为(?:一个)?(?:AI|人工智能|助手|语言模型)|以下是|如下所示|希望(?:以上|这些|本)|"
                      r"请注意|需要注意的是|您|总而言之|综上所述|这段|本段|上述内容|示例|(?:具体|主要)?(?:"
                      r"措施|内容|要求)如下|"
                      r"通过以上|以上(?:措施|几点|内容)|下面|本部分|这一部分|小节|以下[\u4e00-\u9fff]{0,4}(?:"
                      r"措施|步骤|几点|方面|要求)|"
                      r"按照以下|这可能|可能包括|包括但不限于|^例如|[上下平]行文|"
                      # the continue turn's own words said back ("继续补充。", "这些新的具体措施或要求，进一步
                      # 深化国际合作。": the 1.5B's g0181, 2026-12-02)
                      r"继续补充|补充的(?:文字|内容)|新的具体措施|具体措施或要求")
#: "明确职责分工：各部门……" (a list item's label): the colon becomes a comma (also after a comma); at the
#: start of a sentence the label then ends with a full stop (see :func:`_label_stop`).
_LABEL = re.compile(r"(^|[，；])([\u4e00-\u9fff]{2,20})[：:](?!$)")
#: A label that is a measure's name ("统一标准", "加强信息共享"), not an addressee ("各地区：") or a
#: subject with its verb to come ("政府要：").
_STOP_LABEL = re.compile(r"^(?!各|有关|相关)[\u4e00-\u9fff]{4,14}$")


#: A line that is only a bold label ("**加强政策宣传和解读**", "2. **风险防范**："): a list item's name.
_BOLD_LINE = re.compile(
    r"^\s*(?:[-*•]\s*|\d{1,2}[.、．]\s*)?\*\*([\u4e00-\u9fff]{2,14})[：:]?\*\*[：:]?\s*$", re.M)


def _label_stop(sentence: str, label: str) -> str:
    """Return ``sentence`` with its ``label`` (a list item's bold words before a colon) ended by 。.

    "统一标准：制定明确的整合标准，……" was written "统一标准，制定……" — a label run into its text; 国务院
    documents write "统一标准。制定……" (g0284 and the lead's reading of g0183). A label the text says again
    has gone before this (:func:`_restated_label`).
    """
    if label and _STOP_LABEL.match(label) and sentence.startswith(label + "，"):
        return label + "。" + sentence[len(label) + 1:]
    return sentence
_CN_DIGITS = "一二三四五六七八九"
#: Where a count's mark may stand: at the start of a sentence or after a clause's mark.
_AT_CLAUSE = r"(?:^|(?<=[。；，：！？]))"
#: The marks of a count written in a body: 一是/十一是, 第一，, （一）, （1）/1. (each kind counts apart).
_COUNT_MARKS = {
    "是": re.compile(_AT_CLAUSE + r"([一二三四五六七八九十]{1,3})是(?=[\u4e00-\u9fff“])"),
    "第": re.compile(_AT_CLAUSE + r"第([一二三四五六七八九十]{1,3})(?:[，、,]|(?=是))"),
    "（": re.compile(_AT_CLAUSE + r"[（(]([一二三四五六七八九十]{1,3})[）)]"),
    "1": re.compile(_AT_CLAUSE + r"(?:[（(](\d{1,2})[）)]|(\d{1,2})[.．](?!\d))"),
}
#: A sentence opened by a count's mark ("十一是", "第三，"): the mark is set aside while it is judged.
_LEADING_MARK = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}是(?=[\u4e00-\u9fff“])|第[一二三四五六七八九十]{1,3}[，、,])")


def _cn_value(word: str) -> int:
    """Return the value of a Chinese numeral of 一 to 九十九 ("十一" → 11), or 0 when it is none."""
    tens, ten, units = word.partition("十")
    if not ten:
        return _CN_DIGITS.index(word) + 1 if len(word) == 1 and word in _CN_DIGITS else 0
    if len(tens) > 1 or len(units) > 1 or any(x and x not in _CN_DIGITS for x in (tens, units)):
        return 0
    return (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_CN_DIGITS.index(units) + 1 if units else 0)


def cn_numeral(n: int) -> str:
    """Return ``n`` (1–99) as a Chinese numeral ("十一", "二十")."""
    tens, units = divmod(n, 10)
    if not tens:
        return _CN_DIGITS[units - 1]
    return ("" if tens == 1 else _CN_DIGITS[tens - 1]) + "十" + (_CN_DIGITS[units - 1] if units else "")


def _opens_list(text: str, pos: int, mark: re.Pattern) -> bool:
    """Return True when the count's mark at ``pos`` starts a list of its own: its sentence has words before
    it ("要坚持三条原则，一是……"), or the sentence before it introduces it ("……包括：", or a bare label
    such as "优化营商环境。", g0181).
    """
    before = text[:pos]
    if han_only(re.split(r"[。；！？]", before)[-1]):
        return True
    prev = SENTENCE.findall(before)
    if not prev:
        return False
    last = prev[-1].strip()
    if mark.match(last):
        return False  # the item before it: "一是……。二是……。一是……" counts on
    return last.endswith(("：", ":")) or (
        not re.search(r"[，,；]", last) and 0 < len(han_only(last)) <= 16)


def renumber(text: str, *, lone: bool = True) -> str:
    """Return ``text`` with each count (一是/二是, 第一/第二, （一）（二）, （1）/1.) running 1, 2, 3 … again.

    The cleaning cuts sentences, and continue turns write more: "一是……；二是……；三是……" then "十一是……；
    十二是……" (g0193 section 三, lead's idle draft) reads 四是/五是; a count that starts over at 一 goes on
    (四是) unless a lead-in introduces a list of its own ("……包括：", a label "优化营商环境。"); a count left
    with one item (``lone``) loses its mark, since "二是……" alone counts nothing. A （七） that lost its
    opening bracket ("十三）加强政策评估。", g0193) counts as one.
    """
    text = restore_bracket(text)
    for kind, pattern in _COUNT_MARKS.items():
        marks = []
        for m in pattern.finditer(text):
            word = m.group(1) or (m.group(2) if m.lastindex and m.lastindex >= 2 else "")
            value = int(word) if kind == "1" else _cn_value(word)
            if value:
                marks.append((m, value))
        if not marks:
            continue
        runs: list[list[re.Match]] = []
        for m, value in marks:
            if not runs or (value == 1 and _opens_list(text, m.start(), pattern)):
                runs.append([m])
            else:
                runs[-1].append(m)
        edits: list[tuple[int, int, str]] = []
        for run in runs:
            for n, m in enumerate(run, 1):
                whole = m.group(0)
                if lone and len(run) == 1:
                    edits.append((m.start(), m.end(), ""))
                    continue
                if kind == "1":
                    number = str(n)
                    new = re.sub(r"\d{1,2}", number, whole, count=1)
                else:
                    new = whole.replace(m.group(1), cn_numeral(n), 1)
                edits.append((m.start(), m.end(), new))
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
    return text
#: Chain connectors at the start of a sentence: the word goes, the sentence stays.
_CHAIN = re.compile(
    r"^(?:(?:首先|其次|再次|再者|然后|此外|另外|最后|最终|一方面|另一方面|与此同时|总之|同时)[，,、]?"
                    r"|第[一二三四五六七八九十][，,、])\s*")
#: First person: "我们要……" loses the subject; other sentences with 我/我们/本人 go (我市/我省/我国 stay).
_FIRST_SUBJECT = re.compile(r"^(?:我们|我)(?=要|将|应|必须|需要|会|决定|坚持|始终|一定|把|对|在)")
#: "目标，创造一个……", "措施：……": a generic label before the text (a Markdown item's bold word).
_GENERIC_LABEL = re.compile(r"^(?:目标|目的|任务|措施|内容|要求|重点|举措|做法|方式|步骤|意义)[，,：:]\s*")


def _restated_label(sentence: str) -> str:
    """Return ``sentence`` without its first clause when a later clause says it again.

    "加强国际合作与交流，加强国际合作与交流，共享风险信息。" /
    "建立健全质量追溯体系，建立质量追溯体系，实现……" (1.5B, a Markdown item "**label**：text" whose
    text restates the label): the label goes.
    """
    clauses = re.split(r"(?<=[，,])", sentence)
    # "建立健全天然气市场风险防范机制，建立健全天然气市场风险防范机制，制定……" (g0183): a clause said twice
    # in a row goes, whatever its length
    clauses = [c for k, c in enumerate(clauses)
               if not k or han_only(c) != han_only(clauses[k - 1]) or len(han_only(c)) < 4]
    sentence = "".join(clauses)
    label = han_bigrams(clauses[0])
    if len(clauses) < 3 or not 3 <= len(label) <= 12:
        return sentence
    for c in clauses[1:]:
        if re.match(r"通过|以|按照|依托|利用|借助", c):
            continue  # "加强政策宣传和引导，通过政策宣传和引导，提高……": the means, a sentence as meant
        grams = han_bigrams(c)
        if grams and len(label & grams) / min(len(label), len(grams)) >= 0.75:
            return "".join(clauses[1:])
    return sentence


RE_FIRST_PERSON = re.compile(r"我们|本人|咱们|我(?![市省国区县乡镇村部委局厅办院校军党方单位司处科])")
#: Facts the model must not invent: replaced with a mark for the clerk, unless the clerk gave them.
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d+号")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?=\s*年)")
_NUMBER = re.compile(r"(?<![\d×.])\d+(?:\.\d+)?(?![\d.])")
_BOOK_TITLE = re.compile(r"《[^》]{2,60}》")
#: The opening's formula ("现将有关事项通知如下") written again inside a section.
_OPENING_FORMULA = re.compile(r"现(?:将|就|对)[^。；]{0,30}如下")
#: A word of English in a Chinese sentence (abbreviations of two letters such as GB, AI stay).
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}|[a-z]{2,}")  # "we还加强了……" (the 1.5B's 通报, 2026-12-02)
#: "【正文】", "【总体要求】。": labels in the bracket style of prompts; a 【待补充】 is the program's mark
#: only.
_BRACKET_LABEL = re.compile(r"【[^】]{1,30}】[。：:，]?")
#: "……竞争力。（完善基础设施建设）4. 加强……": a heading in brackets or a list number inside the text.
_INLINE_MARK = re.compile(r"(?:^|(?<=[。；！？]))\s*(?:（[^（）。；]{4,30}）\s*)?(?:\d{1,2}[.．、](?!\d)\s*)?"
                          r"(?:[（(][一二三四五六七八九十]{1,3}[）)]\s*|[一二三四五六七八九十]{1,3}、\s*)?")
#: "提升服务质量1. 加强……": a list item's number run onto a label without a stop; the label ends there.
_GLUED_ITEM = re.compile(r"(?<=[\u4e00-\u9fff])\d{1,2}[.．]\s*(?=[\u4e00-\u9fff])")
#: "这一举措旨在……", "此举是为了……": the text talking about itself (g0193 section 三 opened so).
_SELF_PURPOSE = re.compile(
    r"^(?:这一|这些|这项|此项|该|此)(?:举措|措施|做法|工作|部署)?(?:旨在|的目的是|是为了)")
#: "国务院要求，……", "政府提出，……": the model reporting what the sender said instead of saying it.
_REPORTING = re.compile(
    r"^(?:国务院|党中央|中央|政府|市政府|省政府|会议)(?:要求|提出|强调|指出|决定)[，,：:]")


#: "政府可以出台相关政策" / "政府应当设立专门的救助机构" / "可以采用信息化手段" (g0183, g0155, g0284):
#: advice about some government, not a 公文's instruction; the subject and the modal go (also after a
#: comma). "地方各级人民政府要……" names who does it and stays.
_VAGUE_SUBJECT = re.compile(r"(?:^|(?<=[，；]))(?:(?:政府|各级政府)?(?:可以|应当|应该|需要)"
                            r"|(?:政府|各级政府)应)(?=[\u4e00-\u9fff]{2})")
#: "他们/她们/它们" in a 公文: it says "其" ("提高他们的专业技能" → "提高其专业技能", lead's reading of the
#: 森林防火 通知). At the start of a clause the pronoun has no 其 form and the sentence goes.
_THIRD_PERSON = re.compile(r"(?:他|她|它)们(?:的)?")
_THIRD_PERSON_START = re.compile(r"(?:^|(?<=[，；]))(?:他|她|它)们")
#: An enterprise's word for the people it employs; a government text speaks of 工作人员, unless it is
#: about enterprises ("企业员工", "员工持股" stay: the 国务院 documents use it so).
_ENTERPRISE = re.compile(r"企业|公司|单位|雇主|用人|劳动者|持股|职工")
#: The opening's own sentence leaking into a section ("……，结合本市实际，特制定本通知。", the lead's 森林防火
#: 通知 section 四; "现提出如下意见"): the document announcing itself is the opening's business.
_SELF_DOCUMENT = re.compile(
    r"特(?:制定|制发|提出|作出|通知)|(?<![发实表出体呈])现提出|(?:制定|制发|印发|出台|下发|发布|提出)(?:了)?(?:本|此)(?:通知|"
    r"意见|方案|办法|规划|文件)")


def _register_words(sentence: str) -> str | None:
    """Return ``sentence`` with 他们 as 其 and a government text's 员工 as 工作人员, or None (a 他们 subject).

    "确保他们具备必要的防火知识" → "确保其具备……"; "确保每名员工都能熟练操作" → "确保每名工作人员都能……"
    (the 森林防火 通知, drafted by the 1.5B). 员工 counts only as a word ("党员工作" has none).
    """
    if _THIRD_PERSON_START.search(sentence):
        return None
    sentence = _THIRD_PERSON.sub("其", sentence)
    if "员工" in sentence and not _ENTERPRISE.search(sentence):
        words = _words(sentence)
        if "员工" in words:
            sentence = "".join("工作人员" if w == "员工" else w for w in words)
    return sentence


def _label_restated_next(sentence: str, following: str) -> bool:
    """Return True when ``sentence`` is a bare label the ``following`` sentence's first clause says again.

    "建立健全信用评价体系。建立健全信用评价体系，对企业和个人进行信用评价……" / "加强监管手段和方法。创新
    和完善监管手段和方法，……" (g0200 三（二）, the 1.5B's "5. label。text" items): the label goes. A
    label its text does not repeat ("统一标准。制定明确的整合标准，……") stays.
    """
    label = sentence.rstrip("。；")
    if not (4 <= len(label) <= 16 and han_only(label) == label) or not following:
        return False
    grams = han_bigrams(label)
    clause = han_bigrams(re.split(r"[，,；：:。]", following, maxsplit=1)[0])
    return bool(grams) and len(grams & clause) / len(grams) >= 0.75


#: The prompt's own words written into the text ("年份和数字写××"): the clause goes.
_PROMPT_CLAUSE = re.compile(r"[，,；]?[^，,；。]*(?:年份和数字|数字写|不编造)[^，,；。]*")


@functools.lru_cache(maxsize=64)
def _sender_as_subject(org: str) -> re.Pattern:
    """Return the pattern of a sentence opened by its own sender, to be cut.

    "国务院要求各地区和有关部门要加强风险防控" → "各地区和有关部门要加强风险防控"; "国务院应制定详细的
    工作计划" → "制定详细的工作计划" (g0193, 1.5b+ex): the sender does not report or instruct itself.
    """
    forms = (org, org.replace("人民政府", "政府"), "国务院" if "国务院" in org else "")
    names = sorted({n for n in forms if n}, key=len, reverse=True)
    if not names:
        return re.compile(r"(?!)")
    who = "|".join(re.escape(n) for n in names)
    return re.compile(rf"^(?:{who})(?:(?:要求|强调|提出)(?=各|有关|相关|全国)|(?:应当|应该|应|要|将)"
                      r"(?=[\u4e00-\u9fff]{2}))")


#: "我省", "我局": the sender speaking of itself by its kind of organ.
#: The levels of government (某某市人民政府 says 我市) and the kinds of organ (某某局 says 我局) a sender
#: names itself by; self_name makes these forms and wrong_organ accepts them.
_GOVERNMENT_LEVELS = "省市区县州盟旗乡镇"
_ORGAN_KINDS = "局委厅办部院署司处科校"
_ORGAN_SELF = re.compile(rf"(?<!自)我([{_GOVERNMENT_LEVELS}村{_ORGAN_KINDS}])(?![门域])")


#: The provinces, autonomous regions and municipalities by their short names.
PROVINCES = frozenset(
    "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 "
    "海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾".split())
#: A province named as one ("福建省", "广西壮族自治区"): in a city's or county's text, only as the clerk
#: named it.
_PROVINCE = re.compile("(" + "|".join(sorted(PROVINCES, key=len, reverse=True))
                       + ")(?:省|[\u4e00-\u9fff]{0,3}自治区)")
#: Place words any document may use, whatever the 范文 say.
_EVERYWHERE = frozenset(
    "中国 中华 全国 我国 国内 国外 境内 境外 城镇 城乡 农村 城市 内地 海外 中央 国家 "
    # regions, seas and rivers that documents of many places share (a 辽宁 plan speaks of 东北)
    "东北 西北 西南 华北 华东 华南 华中 中南 中原 东南 东部 西部 中部 南部 北部 沿海 内陆 沿边 长江 黄河 "
    "珠江 东海 南海 北海 东南亚 南亚 中亚 东亚 西亚 亚洲 欧洲 非洲 拉美 北极 南极 "
    # place names that are also common words
    "古城 长安 太平 中山 中和 中西 中美 利亚 城关 新区 滨海 东市 北市 南市 东郊 南郊 西郊 北郊 半山".split())
_LEVEL = "省市县区州盟旗"


@functools.cache
def place_names() -> frozenset[str]:
    """Return the names of cities and counties (resources/places/地名.txt) and the provinces."""
    from gov_docs import paths

    try:
        words = (paths.resources_dir() / "places" / "地名.txt").read_text(encoding="utf-8").split()
    except OSError:
        words = []  # without the list only the provinces and 中国（……） are recognised
    return frozenset(words) - _EVERYWHERE | PROVINCES


def _places_in(text: str, names: frozenset[str]) -> set[str]:
    """Return the place names of ``names`` in ``text``, longest first, not overlapping."""
    found: set[str] = set()
    i = 0
    while i < len(text):
        for n in (4, 3, 2):
            if text[i:i + n] in names:
                found.add(text[i:i + n])
                i += n
                break
        else:
            i += 1
    return found


@functools.lru_cache(maxsize=512)
def exemplar_names(title: str, text: str) -> frozenset[str]:
    """Return the places a 范文 is about: names a draft on another subject must not take over.

    From the 范文's title, the cities, counties and provinces it names (宜春, 丰城 in "国务院关于同意宜春
    丰城高新技术产业园区升级……") and the province of "中国（江苏）自由贸易试验区"; from its text, the
    provinces and the places named with their level (舟山市, 丰城县). A place of a common word (东方, 和平)
    counts only in the title.
    """
    names = place_names()
    subject = re.sub(r"^.*?关于", "", title)
    found = _places_in(subject, names)
    both = title + "\n" + text
    found.update(m.group(1) for m in re.finditer(r"中国（([\u4e00-\u9fff]{2,6})）", both))
    found.update(p for p in PROVINCES if p in both)
    for m in re.finditer(f"(?=([\u4e00-\u9fff]{{2,4}})[{_LEVEL}])", both):  # at every start (支持舟山市)
        if m.group(1) in names:
            found.add(m.group(1))
    return frozenset(found - _EVERYWHERE)


@functools.lru_cache(maxsize=4096)
def _words(sentence: str) -> tuple[str, ...]:
    from gov_docs.text.segment import segmenter

    return tuple(segmenter().lcut(sentence))


def mark_foreign(sentence: str, foreign: frozenset[str], allowed: str = "") -> str:
    """Return ``sentence`` with the names of ``foreign`` that the clerk did not give as ××.

    Whole words only ("浙江西部" has no 江西); "江苏省" counts as 江苏; names side by side become one ××.
    """
    def foreign_word(w: str) -> bool:
        name = w[:-1] if len(w) > 2 and w[-1] in _LEVEL and w[:-1] in foreign else w
        return name in foreign and name not in allowed

    if not foreign or not any(n in sentence for n in foreign):
        return sentence
    out = "".join("××" if foreign_word(w) else w for w in _words(sentence))
    return re.sub(r"(?:××){2,}", "××", out)


def organ_of(title: str) -> str:
    """Return the sender named before 关于 in a title ("国务院办公厅关于……的通知" → "国务院办公厅"), or ''."""
    m = re.match(r"^([\u4e00-\u9fff、]{2,40}?)关于", title or "")
    return m.group(1) if m else ""


#: A 请示's own asking for approval at the end of a sentence (the closing formula does that once).
_APPROVAL_CLAUSE = re.compile(
    r"(?:^|[，,；])(?:以上请示|特此请示)?[，,]?(?:请予|恳请|敬请|请|望)[\u4e00-\u9fff]{0,6}?(?:予以|给予)?"
    r"(?:批准|批示|审批|批复)(?:为盼|为荷)?。$")
_APPROVAL_SENTENCE = re.compile(
    r"^(?:请|恳请|敬请|望)予?(?:以)?(?:批准|批示|审批)(?:上述|以上|本)?(?:请求|事项|请示)")
#: The 文种 written as running paragraphs, never as lists of labelled items.
UNNUMBERED_LETTERS = frozenset({"请示", "函", "复函"})
#: The 文种 in which the sender speaks of itself (我局拟…, 我市已…): a 请示 or 报告 to the superior, a 函.
SELF_SPEAKING = frozenset({"请示", "报告", "函", "复函"})


def self_name(org: str) -> str:
    """Return how the sender names itself in its own text: 江北市应急管理局 → 我局, 某某市人民政府 → 我市,
    某某市人民政府办公室 → 我办; '' when its name ends in no kind of organ.
    """
    if (org or "").startswith(("国务院", "中共中央", "中央")):
        return ""  # the centre writes no 请示 that says 我院
    m = re.search(rf"([{_GOVERNMENT_LEVELS}])人民政府$", org or "")
    if m:
        return "我" + m.group(1)
    m = re.search(rf"([{_ORGAN_KINDS}])(?:公室)?$", org or "")
    return "我" + m.group(1) if m else ""


def speak_as_sender(sentence: str, org: str) -> str:
    """Return the sentence with 我们/本单位, or the sender's own name opening it, said as the sender says
    itself (我局): in a 请示 "我们将积极争取资金" lost its subject to the first-person rule and read
    "将积极争取资金", a fragment.
    """
    me = self_name(org)
    if not me:
        return sentence
    forms = sorted({org, org.replace("人民政府", "政府")}, key=len, reverse=True)
    names = "|".join(re.escape(n) for n in forms)
    # also as the subject of a later clause: "在安全生产标准化建设方面，江北市应急管理局积极推行……" (the
    # 1.5B's 报告 named its sender so in seven sentences of one section, 2026-12-02)
    sentence = re.sub(rf"(?:^|(?<=[，,；]))(?:{names})(?=[\u4e00-\u9fff])", me, sentence)
    return re.sub(r"我们|本单位|我单位", me, sentence)


#: A place's government by its short name ("江北市政府"): written out, the 人民 is never left out.
_PLACE = re.compile(r"^([\u4e00-\u9fff]{1,12}?[省市县区州盟旗])")


def full_names(sentence: str, org: str) -> str:
    """Return ``sentence`` with the short name of the sender's government written out.

    From 江北市人民政府办公室 (or 江北市应急管理局): "江北市政府办公室" → "江北市人民政府办公室", "江北市
    政府" → "江北市人民政府" (the 1.5B's 通报 named its sender 江北市政府办公室, 2026-12-02).
    """
    m = _PLACE.match(org or "")
    if not m:
        return sentence
    place = m.group(1)
    return re.sub(rf"{re.escape(place)}政府", f"{place}人民政府", sentence)


#: A heading of a part that states problems ("存在的问题", "存在的主要问题和不足"), not one of measures
#: ("着力解决突出问题"): it opens with no verb of doing.
_PROBLEM_HEADING = re.compile(r"^(?!解决|着力|整改|破解|聚焦|针对|化解|推动|加强)[\u4e00-\u9fff]{0,8}"
                              r"(?:问题|不足|短板|差距|困难)"
                              r"(?:(?:和|及|与)(?:不足|原因|短板|困难|差距))?$")
#: A sentence telling someone what to do ("要加强……", "各部门要……", "加强监管力度，……").
_INSTRUCTION = re.compile(r"^(?:要|应|须|必须|务必|各[\u4e00-\u9fff]{0,12}?(?:要|应|须|务必))")
#: Words of a shortfall: a sentence with one states a problem, even one opening with a verb ("加强监管的力度
#: 还不够").
_SHORTFALL = re.compile(r"不足|不够|不强|不高|不到位|不健全|不完善|不及时|不平衡|不充分|不规范|不明确|"
                        r"滞后|薄弱|"
                        r"缺乏|缺少|欠缺|尚未|尚不|有待|仍然?|存在|问题|较低|较弱|偏低|偏弱|困难|难以|隐患|短板|"
                        r"差距|不少|一些|部分|个别|少数")


def states_problem(sentence: str) -> bool:
    """Return False for a sentence of a 问题 part that is a measure, not a problem ("加强部门协调，……",
    "各部门要……"): the 1.5B's 存在问题 turned into measures halfway (通报, 2026-12-02); they are the
    下一步 part's business.
    """
    bare = _LEADING_MARK.sub("", sentence, count=1)
    if _SHORTFALL.search(bare):
        return True
    return not (_INSTRUCTION.match(bare) or _DOING.match(bare))


def wrong_organ(sentence: str, org: str) -> bool:
    """Return True when ``sentence`` speaks as an organ the sender ``org`` is not ("我省" from 国务院办公厅).

    "我市" fits a sender whose name has 市 (某某市人民政府办公室), "我局" one with 局; 我国 always fits. With
    no sender known nothing is judged.
    """
    if not org:
        return False
    bare = org.replace("人民政府", "政府")
    return any(m.group(1) not in bare for m in _ORGAN_SELF.finditer(sentence))


def to_fullwidth(text: str) -> str:
    """Replace half-width , ; : ? ! ( ) next to Chinese characters with full-width marks."""
    def repl(m: re.Match) -> str:
        return _HALF[m.group(0)]

    return re.sub(
        r"(?<=[\u4e00-\u9fff])[,;:?!]|[,;:?!](?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[()]|[()"
        r"](?=[\u4e00-\u9fff])",
                  repl, text)


def echoes_title(sentence: str, title: str, doc_type: str = "") -> bool:
    """Return True when ``sentence`` names the document itself by its title ("……工作的通知，现将……").

    Restating the subject ("为做好冬季森林防火工作，") is how openings begin and is not an echo; naming
    the document ("……的通知") or repeating the whole title outside 《》 is.
    """
    if not title:
        return False
    bare = _BOOK_TITLE.sub("", sentence)
    if doc_type and re.search(f"的(?:若干|指导|实施)?{doc_type}(?:[，。：,；]|$)", bare):
        return True
    return len(title) >= 8 and title in bare


def mark_invented(sentence: str, allowed: str) -> str | None:
    """Replace numbers, years and 文号 the clerk did not give with ×× / 〔　〕.

    A clause citing a 《title》 the clerk did not give goes ("根据《某某条例》，"); None when nothing of the
    sentence is left without it.
    """
    def invented(m: re.Match) -> bool:
        return m.group(0) not in allowed and m.group(0)[1:-1] not in allowed  # the clerk's title, now in 《》

    if any(invented(m) for m in _BOOK_TITLE.finditer(sentence)):
        clauses = re.findall(r"[^，；。！？]+[，；。！？]?", sentence)
        kept = [c for c in clauses if not any(invented(m) for m in _BOOK_TITLE.finditer(c))]
        if len(han_only("".join(kept))) < 8:
            return None
        sentence = "".join(kept)
        if sentence[-1] not in "。！？；":
            sentence = sentence.rstrip("，、") + (clauses[-1][-1] if clauses[-1][-1] in "。！？；" else "。")
    sentence = _DOC_NUMBER.sub(lambda m: m.group(0) if m.group(0) in allowed else "〔　〕", sentence)
    sentence = _YEAR.sub(lambda m: m.group(0) if m.group(0) in allowed else "××××", sentence)
    def number(m: re.Match) -> str:
        if m.group(0) in allowed or _ITEM_NUMBER.match(sentence, max(0, m.start() - 1)):
            return m.group(0)  # "（2）" of a count is no fact: :func:`renumber` sees to it
        return "××"

    return _NUMBER.sub(number, sentence)


#: The number of a list item inside a body ("：（1）……；（2）……"), not a figure to mark ××.
_ITEM_NUMBER = re.compile(r"(?<=[。；，：])[（(]\d{1,2}[）)]|^[（(]\d{1,2}[）)]")


#: Words of a heading that name no topic of their own: what is done to a topic, and general nouns.
_GENERIC_WORDS = frozenset(
    "加强 强化 推进 推动 完善 健全 建立 建设 落实 做好 开展 提升 提高 优化 深化 创新 夯实 构建 "
    "促进 加快 加大 实施 规范 严格 切实 全面 进一步 统筹 着力 明确 细化 坚持 确保 保障 支持 鼓励 "
    "引导 发挥 增强 扩大 抓好 工作 管理 机制 体系 制度 能力 水平 措施 要求 任务 重点 主要 总体 "
    "组织 领导 有关 相关 方式 方法 手段 格局 环境 质量 效率 效能 作用 服务 发展 问题 政策 责任 "
    "单位 部门 各级 地方 全国 事项 情况 内容 目标 基本 原则 具体 有效 稳定 安全 协调 "
    # who and where any measure may concern: a heading naming them claims no measure of its own
    "群众 人民 社会 公众 企业 市场 经济 国家 地区 城市 农村 行业 领域 产业 资源 人员 主体 基层 政府 机构 "
    "及时 有序 长效 重大 重要 现代 积极 稳妥 健康 持续 "
    # how earnestly it is done: "高度重视……工作", "切实做好组织实施" (g0341) name no measure of their own
    "高度重视 重视 高度 切实做好 认真做好 扎实做好 认真 扎实 精心 周密 务实 深入 大力 努力 抓紧 狠抓 "
    "贯彻 贯彻落实 部署 安排 各项 组织实施".split())
#: The words before a measure's object: who does it and how ("各地区要", "进一步", "定期").
_MEASURE_LEAD = re.compile(
    r"^(?:各[一-鿿]{0,12}?(?:要|应|须)|有关部门要|要|应|须|必须|进一步|切实|认真|定期|及时|全面|积极|大力|"
    r"严格|不断|持续|着力|逐步|加快|深入)+")
_MEASURE_VERBS = ("加强|强化|推进|推动|完善|健全|建立|建设|落实|做好|开展|提升|提高|优化|深化|创新|"
                  "夯实|构建|促进|加大|实施|规范|制定|组织|推行|建成|形成|设立|抓好|执行|明确|细化|"
                  "进行|实行|坚持|确保|修订|出台|编制|发布|做实|压实|用好|加快|引导|鼓励|支持|严格|"
                  "狠抓|搭建|打造|培育|发展|扩大")
_MEASURE_VERB = re.compile(rf"^(?:(?:{_MEASURE_VERBS})(?:和|并|与|及)?)+")
#: The verbs of doing at the start of a heading or a measure ("加强", "建立健全"), for other modules.
MEASURE_VERB = _MEASURE_VERB
#: "对重点区域的监控", "详细的应急预案": a preposition or a short modifier before the object.
_OBJECT_LEAD = re.compile(r"^(?:对|与|在|以|为)?(?:[一-鿿]{1,3}的)?")


def measure_object(sentence: str) -> str:
    """Return the object of a sentence's measure (its first clause without who does it and the verb), or ''.

    "制定详细的森林防火应急预案，明确……" → "森林防火应急预案"; "各地区要进一步加强火源管控，……" → "火源管控".
    Fewer than four characters name no measure of their own ('').
    """
    clause = han_only(re.split(r"[，,；：:。]", sentence, maxsplit=1)[0])
    clause = _OBJECT_LEAD.sub("", _MEASURE_VERB.sub("", _MEASURE_LEAD.sub("", clause)))
    return clause if len(clause) >= 4 else ""


@dataclass
class Cleaner:
    """Cleans the sections of one draft; remembers what was said so that no sentence is said twice.

    Args:
        title: the document's title (sentences echoing it are dropped).
        doc_type: its 文种.
        allowed: the clerk's own words (title, points, 主送, dates …): facts found there are kept.
        already_said: phrases counting as said before the first section (e.g. the writing guidance).
    """

    title: str = ""
    doc_type: str = ""
    allowed: str = ""
    already_said: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    org: str = ""
    paraphrase: float = 0.0
    embed: Callable[[list[str]], Any] | None = None  # texts → L2-normalised passage vectors (e5)
    #: the 一级 headings of a numbered document: a measure belongs to one of them (see :meth:`elsewhere`)
    sections: tuple[str, ...] = ()
    #: (text, heading) → text: the roles of a 函's or 请示's sender and addressee (llm.asks.filter_roles),
    #: applied to every cleaned text, so that a part cut short by them is continued like any other
    roles: Callable[[str, str], str] | None = None

    def __post_init__(self) -> None:
        self.measures: list[tuple[str, set[str]]] = []  # (一级 section, bigrams of a kept measure's object)
        self._terms: dict[str, frozenset[str]] = {}
        self.seen: list[set[str]] = [han_bigrams(p) for p in self.already_said if len(p) >= 4]
        self.tails: list[set[str]] = []  # the clauses kept so far (see clause_grams)
        self.near: list[set[str]] = []  # the clauses kept so far (see near_clause_grams)
        self.labels: list[set[str]] = []
        self.vectors: list = []  # e5 vectors of the kept sentences (when ``paraphrase`` is set)
        self.frames: dict[str, list[tuple[str, str]]] = {}  # per section: see looping()
        self.foreign: set[str] = set()  # names only the 范文 have (see note_exemplars)
        self.exemplar_titles: list[str] = []  # the 范文 shown (see _drop_by_meaning)
        self._topic_vectors: dict[str, Any] = {}
        self.org = self.org or organ_of(self.title)

    def clean(self, raw: str, *, heading: str = "", max_chars: int = 600, commit: bool = True,
              part_of: str = "", exemplars: tuple[str, ...] = (), overview: bool = False) -> str:
        """Return ``raw`` as one clean body paragraph (see the module docstring).

        A sentence is cut when it repeats one of this section (≥ 80% of its bigrams) or restates one of an
        earlier section (≥ ``EARLIER_REPEAT``), and when it names another section's heading (a later section
        summing up the earlier ones, or an early one running ahead).

        Args:
            raw: the model's output for one section.
            heading: the section's (or sub-section's) heading (lines repeating it are dropped).
            max_chars: cut at the last whole sentence within this length.
            commit: remember the kept sentences (False for live previews of unfinished text).
            part_of: the 一级 heading a sub-section belongs to (its own headings are not "other").
            exemplars: the 范文 shown to the model; a sentence copied from one (≥ ``COPIED`` of its bigrams
                in one 范文 sentence) is another document's measure, not this one's, and goes.
            overview: the text sums up the document (总体要求's parts): naming other sections is its job.
        """
        # an overview (指导思想, 主要目标) names the document's tasks, which are the other sections' headings
        # a heading that is the title's own subject ("体系建设" in 关于加快农村寄递物流体系建设的意见,
        # held-out g0362) is named by every sentence on the subject: naming it is no other section's
        # business (the 1.5B's 原则目标 and 重点任务 were all cut for it, and left 【待补充】)
        others = () if overview else tuple(h for h in self.headings if h not in (heading, part_of)
                                            and not names_heading(self.title, h))
        own: list[set[str]] = []
        labels: list[set[str]] = []
        # the frames of the whole 一级 section, its continuations and sub-sections included
        frames = self.frames.setdefault(part_of or heading, [])
        section = part_of or heading
        elsewhere = None if overview else self.elsewhere(section, heading)
        body = clean_section(raw, title=self.title, heading=heading, seen=own, max_chars=max_chars,
                             parent=part_of,
                             allowed=self.allowed, doc_type=self.doc_type, earlier=self.seen,
                             other_headings=others,
                             earlier_labels=self.labels, labels=labels,
                             copied=[han_bigrams(x) for e in exemplars for x in SENTENCE.findall(e)],
                             contained=self._measures_of(exemplars),
                             org=self.org, frames=frames if commit else list(frames),
                             foreign=frozenset(self.foreign), elsewhere=elsewhere, count=False,
                             ended=commit)
        if commit and self.embed is not None and body and (self.paraphrase or self.exemplar_titles):
            # the live preview skips this (it runs on every token); the text that lands does not
            body = self._drop_by_meaning(body, "" if overview else section)
            own = [han_bigrams(x) for x in SENTENCE.findall(body)]
            labels = [g for x in SENTENCE.findall(body) if (g := _label_grams(x))]
        # a purpose the draft said, said again after a kept measure (after the e5 check, which judges the
        # sentence as the model wrote it: a paraphrase goes whole, not as its shortened measure)
        kept: list[str] = []
        before = body
        for sentence in SENTENCE.findall(body):
            cut = _said_tail(sentence, self.tails + [g for x in kept for g in clause_grams(x)])
            grams = han_bigrams(cut)
            if cut != sentence and grams and any(len(grams & g) / len(grams) >= 0.8
                                                 for g in [*self.seen, *(han_bigrams(x) for x in kept)]):
                continue  # without its purpose, a sentence said before ("拟在同年××月××日前完成瞭望塔的建设")
            # a clause the draft has said, in another sentence or order ("严格控制进入森林的人员数量" twice)
            cut = _near_repeat(cut, self.near + [g for x in kept for g in near_clause_grams(x)])
            # "通过举办培训、讲座等方式。": the clause it led to was cut
            cut = dangling_means(cut, cut=cut != sentence)
            if not cut:
                continue
            kept.append(cut)
        body = "".join(kept)
        if self.roles is not None and body:
            body = self.roles(body, heading)
        if body != before:
            own = [han_bigrams(x) for x in SENTENCE.findall(body)]  # what the draft says now
        if commit:
            self.seen.extend(own)
            self.tails.extend(clause_grams(body))
            self.near.extend(near_clause_grams(body))
            self.labels.extend(labels)
            if section in self.sections and not overview:
                self.measures += [(section, g) for x in SENTENCE.findall(body)
                                  if len(g := han_bigrams(measure_object(x))) >= 3]
        return body

    def terms(self, heading: str) -> frozenset[str]:
        """Return the words of ``heading`` that name its topic ("火源管理与应急处置" → 火源, 应急, 处置).

        Verbs of doing, general nouns (``_GENERIC_WORDS``) and the words of the title (the whole
        document's subject: 森林, 防火 in a 森林防火 通知) name none.
        """
        if heading not in self._terms:
            self._terms[heading] = frozenset(
                w for w in _words(han_only(heading))
                if len(w) >= 2 and w not in _GENERIC_WORDS and w not in self.title)
        return self._terms[heading]

    def elsewhere(self, section: str, heading: str = "") -> Callable[[str], bool] | None:
        """Return the test of a sentence of ``section`` (sub-section ``heading``) whose measure is not here.

        The measure is the sentence's first clause. It belongs to another 一级 section when it names a word
        of that section's heading that no other heading has, and none of its own section's or
        sub-section's ("要定期进行防火宣传教育" under 扑救与救援, when 宣传与培训 is a section); it was said
        already when its object ("应急预案") is the object of a measure kept in an earlier section
        (:func:`measure_object`, ≥ 75% of the shorter one's bigrams). A section whose heading names no
        topic of its own (总体要求) previews none of the others' measures either. None when ``section`` is
        not one of ``sections`` (the opening, a document without numbered sections).
        """
        if section not in self.sections:
            return None
        counts: dict[str, int] = {}
        for s in self.sections:
            for t in self.terms(s):
                counts[t] = counts.get(t, 0) + 1
        # a word two headings share (火灾 of 监测与预警 and 扑救与救援) says neither where a measure belongs
        mine = {t for t in self.terms(section) if counts[t] == 1} | (
            self.terms(heading) if heading != section else set())
        theirs = {t for s in self.sections if s != section for t in self.terms(s)
                  if counts[t] == 1 and t not in mine and not any(t in m or m in t for m in mine)}
        earlier = [g for s, g in self.measures if s != section]

        def test(sentence: str) -> bool:
            clause = han_only(re.split(r"[，,；：:。]", sentence, maxsplit=1)[0])
            if any(t in clause for t in mine):
                return False  # its own topic, whatever else it names
            if any(t in clause for t in theirs):
                return True
            grams = han_bigrams(measure_object(sentence))
            return len(grams) >= 3 and any(len(grams & g) / min(len(grams), len(g)) >= 0.75 for g in earlier)

        return test

    def note_exemplars(self, passages) -> None:
        """Remember the places and people of the 范文 shown (``Passage`` objects) the clerk did not name,
        and the 范文's titles (their subjects: see :meth:`_drop_by_meaning`).
        """
        for p in passages:
            names = exemplar_names(p.title or "", p.text or "")
            self.foreign.update(n for n in names if n not in self.allowed)
            if p.title and p.title != self.title and p.title not in self.exemplar_titles:
                self.exemplar_titles.append(p.title)

    def _measures_of(self, exemplars: tuple[str, ...]) -> list[set[str]]:
        """Return the bigrams of the 范文's sentences that a draft sentence must not carry whole (see
        ``CONTAINED``): 12 Han characters or more, not a formula of the Party's guidance (every document
        has those), and at least 8 bigrams that are not the document's own title, headings or the clerk's
        words (a 范文 sentence naming the subject, "加强粮食生产功能区和重要农产品生产保护区建设", is no
        other document's measure).
        """
        if not exemplars:
            return []
        own = han_bigrams(self.title + "".join(self.headings) + self.allowed)
        out = []
        for e in exemplars:
            for x in SENTENCE.findall(e):
                if len(han_only(x)) >= 12 and not _FORMULA_WORDS.search(x):
                    grams = han_bigrams(x)
                    if len(grams - own) >= 8:
                        out.append(grams)
        return out

    def _vector(self, text: str):
        if text not in self._topic_vectors:
            self._topic_vectors[text] = self.embed([text])[0]
        return self._topic_vectors[text]

    def _drop_by_meaning(self, body: str, section: str) -> str:
        """Return ``body`` without the sentences that say again, in other words, what the draft said, and
        those about a 范文's subject rather than this document's.

        Each sentence is compared with every sentence kept so far (earlier sections and this one) by the
        cosine of their e5 passage vectors (``embed``); at or above ``paraphrase`` the later one goes. A
        sentence nearer (by ``FOREIGN_TOPIC``) to the title of a 范文 shown than to the document's title
        and its section's heading is that 范文's business: "加强部门协作，共同推进河湖长制工作" in the 函 on
        the 全国质量工作 联席会议 (g0429), from the 河湖长制 函 it was shown (0.033–0.043 nearer; the
        sentences of the drafts' own subjects, 0.02 at most but one). Not in an overview (``section`` '').
        When the embedding model cannot be loaded the text is returned as it is (the bigram rules still
        apply).
        """
        sentences = SENTENCE.findall(body)
        try:
            vectors = self.embed(sentences)
            theirs = [self._vector(t) for t in self.exemplar_titles] if section else []
            own = [self._vector(t) for t in {self.title, section} if t] if theirs else []
        except GovDocsError:
            return body
        kept = []
        for sent, vec in zip(sentences, vectors, strict=True):
            if self.paraphrase and len(han_only(sent)) >= 8 and any(
                    float(vec @ v) >= self.paraphrase for v in self.vectors):
                continue
            if own and len(han_only(sent)) >= 10 and (
                    max(float(vec @ v) for v in theirs) - max(float(vec @ v) for v in own) >= FOREIGN_TOPIC):
                continue
            self.vectors.append(vec)
            kept.append(sent)
        out = "".join(kept)
        if out.endswith(("；", "，")):
            out = out[:-1] + "。"
        return out


#: A line break inside a sentence: after a word that cannot end one ("……及时解决群众在“放管服”\n改革中出现的
#: 问题", the 1.5B's g0181/g0167 when :func:`~gov_docs.llm.backends.no_repeat_processor` barred the words it
#: meant to repeat, twelfth session: read as two sentences, the first "……群众在“放管服”。").
_BROKEN_LINE = re.compile(r"(?<=[的在和与及对把被将从向于“‘（、，,])\n(?=[\u4e00-\u9fff“])")
_BROKEN_AFTER_QUOTE = re.compile(r"(?m)^((?=[^\n]{20,})[^\n]*，[^\n]*[\u4e00-\u9fff]”)\n(?=[\u4e00-\u9fff])")


def _joined(raw: str) -> str:
    """Return ``raw`` with the line breaks inside a sentence taken out (:data:`_BROKEN_LINE`), and a
    （七） that lost its opening bracket written whole (:func:`~gov_docs.text.headings.restore_bracket`):
    "七）完善配套制度。" was cut as no sentence, a "十三）" left in the text and never renumbered (g0193).
    """
    raw = _BROKEN_LINE.sub("", raw.replace("\r", ""))
    return restore_bracket(_BROKEN_AFTER_QUOTE.sub(r"\1", raw))


def _lines(raw: str, title: str, heading: str, parent: str = "") -> list[str]:
    out = []
    raw = _joined(raw)
    # "总体要求，（一）树立绿色发展理念，……", "指导思想，以……为中心": the heading as a label before the text
    label = re.compile("^(?:" + "|".join(re.escape(h) for h in (heading, parent) if h) + ")[，,：:]\\s*"
                       ) if heading or parent else None
    for line in raw.replace("\r", "").split("\n"):
        line = _BRACKET_LABEL.sub("", _MD.sub("", line)).strip()
        if label is not None:
            line = label.sub("", line)
        if _ECHO_LINE.match(line):
            continue
        line = _ECHO.sub("", line).strip()
        if not line:
            continue
        bare = _LIST_MARK.sub("", line).strip("：:。 ")
        if bare in (title, heading) or (title and title.startswith(bare)) or (
                heading and bare.startswith(heading) and len(bare) <= len(heading) + 2):
            continue
        if re.match(
            r"^(各.{0,30}：|.{0,20}人民政府.{0,10}：|特此|此致|妥否|以上|附件[:：]|\d{4}年\d{1,2}月\d{1,"
            r"2}日$)",
                    line):
            continue
        # "（四）、完善天然气价格形成机制，……" (the 1.5B's g0183, 2026-12-02): the mark's 、 goes with it
        line = re.sub(r"^[、，,；;.．]+\s*", "", _LIST_MARK.sub("", line))
        if label is not None:  # "（一）指导思想：坚持……" (g0183): the label after the list mark
            line = label.sub("", line)
        # "……。重点包括：", "明确职责分工：": a short introduction to a list that follows on the next lines
        line = re.sub(r"(?:^|(?<=[。；！？]))[^。；！？：:]{1,15}[：:]$", "", line)
        if not line:
            continue
        # a line is a sentence: "……步骤：" or a list item without a full stop ends here
        out.append(line[:-1] + "。" if line[-1] in "：:，," else line if line[-1] in "。！？；"
                   else line + "。")
    return out


#: A sentence whose e5 vector is this much nearer to a 范文's title than to the document's title and its
#: section's heading is about that 范文's subject. Read on the frozen drafts of the 2026-12-01 40-document
#: run and the seventh session (2,023 sentences of 1.5b+ex drafts with their 范文): at ≥ 0.033, 11 sentences,
#: 9 of g0429 on 河湖长制, 1 of g0202 on 公务用车 (both another subject) and 1 of g0220 (辽宁) on 东北地区
#: (arguable); below, sentences of the drafts' own subjects (g0210's 残疾预防 at 0.017–0.023).
FOREIGN_TOPIC = 0.033
#: A sentence sharing this share of its character bigrams with a sentence of an EARLIER section restates it
#: (within a section the bar is 80%: a section may come back to its own point in other words).
EARLIER_REPEAT = 0.6
#: A sentence sharing this share of its bigrams with a sentence of a 范文 is copied, not adapted.
COPIED = 0.7
#: A sentence holding this share of a 范文 sentence's bigrams carries it whole, with words added:
#: "支持适销对路的优质外贸产品拓宽内销渠道，通过支持适销对路的优质外贸产品拓宽内销渠道，提高……" (g0338 四,
#: from the 浙江 共同富裕 范文, five such sentences). On the frozen drafts (2,520 sentences of 1.5b+ex with
#: their 范文's whole texts) 19 sentences, each a 范文 measure carried into a document on another subject.
CONTAINED = 0.8
_FORMULA_WORDS = re.compile(r"习近平|党的|精神|思想|指示|总书记")


def _label_grams(sentence: str) -> set[str]:
    """Return the bigrams of a sentence's label: a short first clause naming a measure ("加强物资储备，")."""
    m = re.match(r"^([\u4e00-\u9fff]{4,8})[，,：:]", sentence)
    return han_bigrams(m.group(1)) if m else set()


def names_heading(sentence: str, heading: str) -> bool:
    """Return True when ``sentence`` contains (≥ 80% of the bigrams of) another section's ``heading``."""
    grams = han_bigrams(heading)
    if len(grams) < 3:
        return False
    return len(grams & han_bigrams(sentence)) / len(grams) >= 0.8


#: A sentence whose Han characters share this share of the shorter one's as a common subsequence, and
#: its first two characters, with two sentences kept before it in the section is the model filling one
#: frame again ("加强对教育/医疗/文化行业的监管": 0.50–0.71 on the real loops; different measures that begin
#: alike, "要加强组织领导/宣传引导", 0.31–0.44).
FRAME_REPEAT = 0.5
#: The same for the first clauses ("加强对文化行业的监管" / "加强对医疗行业的监管": 0.8; "要加强组织领导" /
#: "要加强宣传引导": 0.57).
CLAUSE_REPEAT = 0.7
#: The same for first clauses that pair one thing with others ("加强养殖业与……"): the thing's characters,
#: the verb and the title's words aside (养殖业, 3).
FRAME_PREFIX = 2
_PAIRING = frozenset("与 和 同 跟 及 以及".split())
#: A clause of this many Han characters said twice already in a section is not said a third time
#: ("，减少对环境的影响。" closing three sentences of g0338 五（一）).
CLAUSE_MIN = 5


def _common_chars(a: str, b: str) -> int:
    """Return the length of the longest common subsequence of ``a`` and ``b``."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _same_opening(a: str, b: str, title: str = "") -> bool:
    """Return True when two first clauses are one "A与X" frame: the same words up to a 与/和, others after.

    "加强养殖业与食品安全的监管" / "加强养殖业与教育和培训的结合" (g0338 二, eight of them, each pairing
    养殖业 with another field). Clauses that only open alike are different measures on one object:
    "推动天然气能源国际合作" / "……科技创新" (g0183), "支持地方国有企业优化资源配置" / "……加强人才引进"
    (g0380), "加强医疗机构的信息化建设" / "……内部质量控制" (g0372).
    """
    common = []
    for x, y in zip(_words(a), _words(b), strict=False):
        if x != y:
            break
        common.append(x)
    if len(common) < 2 or common[-1] not in _PAIRING:
        return False
    rest = [w for w in common[:-1] if not (_MEASURE_LEAD.fullmatch(w) or _MEASURE_VERB.fullmatch(w))
            and w not in title and w not in _GENERIC_WORDS]
    return len(han_only("".join(rest))) >= FRAME_PREFIX


def looping(sentence: str, frames: list[tuple[str, str]], title: str = "") -> bool:
    """Return True when ``sentence`` is a third one on the same frame.

    "加强对教育行业的监管，提高教学质量。" "加强对医疗行业的监管，保证医疗服务质量。" "加强对文化行业的
    监管，……": they differ from the 4th character on, which the shape rule (first four characters and
    last two) does not see. ``frames`` holds (first two Han characters, sentence) of the kept sentences.
    """
    han = han_only(sentence)
    if len(han) < 10:
        return False
    alike = 0
    clause = _first_clause(sentence)
    for start, other in frames:
        if start != han[:2] or not 0.5 <= len(han_only(other)) / len(han) <= 2:
            continue
        theirs, other = _first_clause(other), han_only(other)
        shorter = min(len(clause), len(theirs))
        if (_common_chars(han, other) / min(len(han), len(other)) >= FRAME_REPEAT
                or (shorter >= 6 and _common_chars(clause, theirs) / shorter >= CLAUSE_REPEAT)
                or (shorter >= 8 and _same_opening(clause, theirs, title))):
            alike += 1
            if alike >= 2:
                return True
    return False


def _clauses(sentence: str) -> list[str]:
    """Return the clauses of ``sentence``, each with its closing mark."""
    return re.findall(r"[^，,；;。！？]+[，,；;。！？]?", sentence)


def _thrice_said(sentence: str, frames: list[tuple[str, str]]) -> str:
    """Return ``sentence`` without the clauses its section has said twice already ('' when it opens so).

    "……，提高农作物秸秆和畜禽粪污的利用率，减少对环境的影响。" closed three sentences of g0338 五（一）:
    the third time the clause goes; a sentence whose first clause (its measure) was said twice goes whole.
    A clause counts as said when its Han characters are one said clause's, or share 80% of its bigrams.
    """
    said = [han_only(c) for _, s in frames for c in _clauses(s)]
    said = [c for c in said if len(c) >= CLAUSE_MIN]
    if len(said) < 2:
        return sentence
    grams_said = [han_bigrams(c) for c in said]
    parts = _clauses(sentence)
    kept = []
    for k, part in enumerate(parts):
        han = han_only(part)
        grams = han_bigrams(han)
        times = sum(1 for c, g in zip(said, grams_said, strict=True)
                    if c == han or (grams and len(grams & g) / max(len(grams), len(g)) >= 0.8))
        if len(han) >= CLAUSE_MIN and times >= 2:
            if k == 0:
                return ""
            continue
        kept.append(part)
    return _rejoin(sentence, parts, kept)


#: A body the draft sets up or gives work to ("成立……领导小组", "工作专班要……"): the clerk's to decide, never
#: the model's (the idle g0193 通知 invented "国务院成立……领导小组", lead's reading 2026-12-02).
_BODY = re.compile(r"领导小组|(?:专项|工作|协调|督导|专家)小组|工作组(?!织)|工作专班|专班|指挥部")
#: The opening of a clause saying what a measure is for ("确保各项政策的有效执行和落地", "促进跨地区、跨部门
#: 的合作"): every sentence may end with one, and the 1.5B ends many with the same in other words.
_TAIL_START = re.compile(r"^(?:以|从而|进而|切实|不断|有效|全面|进一步)?"
                         r"(?:确保|保障|保证|推动|促进|提高|提升|形成|实现|增强|加快|助力|为)")
#: A tail clause sharing this share of its bigrams with a clause the draft has said is said again.
TAIL_REPEAT = 0.5


def clause_grams(text: str) -> list[set[str]]:
    """Return the bigram sets of the clauses of ``text`` long enough to be said again (≥ ``CLAUSE_MIN``)."""
    return [han_bigrams(c) for s in SENTENCE.findall(text) for c in _clauses(s)
            if len(han_only(c)) >= CLAUSE_MIN]


def _rejoin(sentence: str, parts: list[str], kept: list[str]) -> str:
    """Return the sentence made of its ``kept`` clauses, closed by the mark that closed it.

    ``sentence`` itself when every clause stayed.
    """
    if len(kept) == len(parts):
        return sentence
    out = "".join(kept).rstrip("，,；;")
    if out.endswith(("。", "！", "？")):
        return out
    return out + (parts[-1][-1] if parts[-1][-1] in "。！？；" else "。")


def _said_tail(sentence: str, said: list[set[str]]) -> str:
    """Return ``sentence`` without the clauses after its first that say what it is for as the draft has said.

    "……，确保各项政策的有效执行和落地。" then, in another section, "……，确保政策有效执行落地。" (g0193, the
    lead's reading): the measure stays, its purpose said again goes. A first clause is the measure and is
    judged by the sentence rules.
    """
    parts = _clauses(sentence)
    if len(parts) < 2 or not said:
        return sentence
    kept = [parts[0]]
    for part in parts[1:]:
        han = han_only(part)
        grams = han_bigrams(han)
        if (_TAIL_START.match(han) and len(han) >= CLAUSE_MIN and grams
                and any(len(grams & g) / len(grams) >= TAIL_REPEAT for g in said)):
            continue
        kept.append(part)
    return _rejoin(sentence, parts, kept)


#: A clause of at least this many Han characters sharing ``NEAR_REPEAT`` of its bigrams with a clause the
#: draft has said is said again, whatever the order of the sentences around it: a clerk saw
#: "严格控制进入森林的人员数量" twice in one section of the 森林防火 notice, "共同做好……协调和配合" twice
#: (the clause inside a longer one said before). Read on the s12/s13 records (1.5B drafts): at ≥ 0.8 the
#: pairs are one clause ("引进先进的技术和管理经验" / "引进先进技术和管理经验", "要制定详细的春播计划" /
#: "制定详细的春播计划"); at 0.70–0.75 neighbouring measures ("加强储气设施的安全监管" /
#: "加强终端设施的安全监管").
NEAR_MIN = 8
NEAR_REPEAT = 0.8
#: ... and the clause said is at most this many times as long: a clause of an enumeration ("包括制定和实施应急
#: 预案、开展灾情监测预警、加强应急物资储备……等措施", g0154 s12) names what a later sentence develops.
NEAR_LONGER = 2
#: The words a clause opens with that do not make it another ("要进一步加强与……的合作" / "加强与……的合作").
_NEAR_LEAD = re.compile(r"^(?:并|同时|还|也|要|应|应当|需|需要|必须|进一步|切实|积极)+")


def _near_grams(clause: str) -> set[str]:
    """Return the bigrams of a clause's Han characters after the words it opens with (``_NEAR_LEAD``)."""
    han = han_only(clause)
    return han_bigrams(_NEAR_LEAD.sub("", han) if len(han) > NEAR_MIN else han)


def near_said(grams: set[str], said: list[set[str]]) -> bool:
    """Return True when ≥ ``NEAR_REPEAT`` of a clause's bigrams are in one clause of ``said``.

    A clause inside a longer one said before is said ("共同做好森林防火协调和配合工作" after "林业、公安、
    应急等部门要共同做好森林防火的协调和配合工作"); a longer one holding a shorter one said has words of
    its own.
    """
    return bool(grams) and any(len(grams & g) / len(grams) >= NEAR_REPEAT
                               and len(g) <= NEAR_LONGER * len(grams) for g in said)


def near_clause_grams(text: str) -> list[set[str]]:
    """Return the bigram sets of the clauses of ``text`` long enough to count as said (≥ ``NEAR_MIN``)."""
    return [_near_grams(c) for s in SENTENCE.findall(text) for c in _clauses(s)
            if len(han_only(c)) >= NEAR_MIN]


def _near_repeat(sentence: str, said: list[set[str]]) -> str:
    """Return ``sentence`` without its clauses the draft has said already ('' when nothing new is left).

    A first clause said again is the measure said again: the sentence goes unless what follows is a
    measure of its own (≥ ``NEAR_MIN`` Han characters, not a purpose clause such as "确保……").
    """
    parts = _clauses(sentence)
    kept = []
    for part in parts:
        han = han_only(part)
        if len(han) >= NEAR_MIN and near_said(_near_grams(han), said):
            continue
        kept.append(part)
    if len(kept) == len(parts):
        return sentence
    if not kept:
        return ""
    rest = han_only("".join(kept))
    if kept[0] is not parts[0] and (len(rest) < NEAR_MIN or _TAIL_START.match(rest)):
        return ""  # the measure said again, with only its purpose or a few words after it
    return _rejoin(sentence, parts, kept)


#: A clause that says how, left at a sentence's end with nothing done by it ("通过举办培训、讲座等方式。",
#: "推动高校与企业之间的合作，通过产学研项目。"): the cleaning cut the clause it led to (a purpose said
#: before, "，提升企业的创新能力") or a vague subject ("政府可以通过制定相关政策和法规，……"). Nine such
#: sentences in the s12/s13 records' 1.5B drafts (g0167, g0181).
_MEANS = re.compile(r"^(?:并|要|还要|同时)?(?:通过|借助|依托)")
#: ... and what may follow the means inside it ("，如……等").
_MEANS_MORE = re.compile(r"^(?:如|例如|包括|比如)")


#: A means clause that names its kind and stops ("……等方式。") leads to nothing whoever cut what.
_MEANS_ONLY = re.compile(r"(?:方式|形式|途径|手段|渠道|方法|活动)[。！？；，,]?$")
#: After a cut, a means clause this short has no room for its own verb and object ("通过制定相关政策和法规",
#: 11; "通过技术培训提高农民素质", 12, is a sentence).
MEANS_SHORT = 11


def dangling_means(sentence: str, cut: bool = True) -> str:
    """Return ``sentence`` without the means clauses at its end that lead to nothing ('' when all are).

    "通过举办培训、讲座等方式。" goes; "推动高校与企业之间的合作，通过产学研项目。" keeps its measure. With
    ``cut`` False (the sentence is as the model wrote it: "通过技术培训提高农民素质。" is one clause with its
    verb) only a means clause that ends on its kind ("……等方式。") counts; after a cut, also one of at most
    ``MEANS_SHORT`` Han characters. "……，通过参加国内外展会等方式扩大市场影响力。" (g0181 s13) has its verb.
    """
    parts = _clauses(sentence)
    k = len(parts)
    while k and _MEANS_MORE.match(han_only(parts[k - 1])) and k > 1:
        k -= 1
    if not k or not _MEANS.match(parts[k - 1].strip()):
        return sentence
    last = parts[k - 1].strip()
    if not _MEANS_ONLY.search(last) and not (cut and len(han_only(last)) <= MEANS_SHORT):
        return sentence
    k -= 1
    while k and _MEANS.match(parts[k - 1].strip()):
        k -= 1
    if k == 0:
        return ""
    return _rejoin(sentence, parts, parts[:k])


#: A sentence naming who must act or who speaks ("各地区要……", "要加强组织领导。", "我局将积极配合。"): a
#: sentence, however short. 应急准备 has no 应 of "must".
_ACTOR = re.compile(r"要|应(?![急用对])|须|必须|务必|(?<![申邀])请|^各|有关部门|负责|将|拟|^我")
#: An organ's name ("工业和信息化部", "市场监管总局", "中国人民银行"): a member of a list of organs.
_ORGAN_NAME = re.compile(r"(?:部|委|局|署|总局|总署|银行|委员会|办公室|办公厅|政府|院|会|所|中心|集团|协会|"
                         r"部门|机构|单位)(?:（[^）]*）)?$")
#: "成员单位包括。", "主要职责如下。": a list's lead-in whose colon became a stop, its list gone or cut.
_LEAD_IN = re.compile(r"(?:包括|如下|以下|主要有|分别为|分别是|组成为|有)[。；]$")


#: A list item's words are this short ("加强风险管理和内部控制", "中国证券监督管理委员会": 10, 11); a measure
#: said in a sentence of its own is longer, or has a 的 ("建立农业产业高质量发展的协调机制").
FRAGMENT_CHARS = 12


#: A sentence opening with what is to be done ("引导小农户开展合作与联合。", "加强信息披露。"): a measure,
#: however short, not a list item's noun.
_DOING = re.compile(rf"^(?:{_MEASURE_VERBS}|引导|提高|开展|研究|探索|鼓励|防止|禁止|严禁|简化|压缩|降低|减少|"
                    r"保护|保持|增加|改善|改进|调整|整合|清理|取消|下放|放宽|扩大|提供|畅通|拓宽|依法|统一|"
                    r"分级|分类|全面|积极|大力|切实|认真|着力|进一步|定期|及时)")


#: The last word of a label that names a topic, nothing to do ("时间进度", "质量保证", "组织领导",
#: "资金用途").
_LABEL_NOUN = re.compile(r"(?:进度|保证|保障|机制|措施|要求|安排|计划|目标|任务|内容|方案|体系|责任|分工|"
                         r"原则|步骤|"
                         r"时间|方式|标准|范围|对象|条件|流程|制度|领导|考核|预算|来源|用途|依据|意义|背景|情况|"
                         r"效益|效果|规模|期限|节点|事项|说明)$")


def _fragment(sentence: str) -> bool:
    """Return True when ``sentence`` is a list item's words, not a sentence: no clause break, short, no one
    told to act and nothing to do ("电视新闻；", "工业和信息化部。", "会议内容。").
    """
    bare = sentence.rstrip("。；！？")
    return (not re.search(r"[，,：:的]", bare) and not _LEADING_MARK.match(bare)
            and 0 < len(han_only(bare)) <= FRAGMENT_CHARS and not _ACTOR.search(bare)
            and not _DOING.match(bare))


def _organ_list(sentence: str, allowed: str) -> bool:
    """Return True when ``sentence`` is mostly a list of organs the clerk did not name ("国务院、国家发展改革
    委、生态环境部、……等。", the invented 成员单位 of g0429's draft).
    """
    if re.search(r"[，,：:]", sentence):
        return False  # "明确各级政府、教育部门、医疗机构等相关部门的职责，确保……" (g0273): a measure
    items = [han_only(x) for x in re.split(r"[、；]", re.sub(r"等[。；]?$|[。；]$", "", sentence))]
    organs = [x for x in items if 2 <= len(x) <= 14 and _ORGAN_NAME.search(x)]
    return len(items) >= 3 and len(organs) >= 0.75 * len(items) and sum(x not in allowed for x in organs) >= 2


#: "工业和信息化部负责推动……，国家发展改革委负责提供……": an organ given a duty, by its name.
_ORGAN_DUTY = re.compile(r"(?:^|[，,；;、])"
                         r"([\u4e00-\u9fff]{2,12}?(?:部|委|局|总局|署|银行|委员会|办公室|办公厅))(?:分别)?负责")


def _duties_of_organs(sentence: str, allowed: str) -> bool:
    """Return True when ``sentence`` gives duties to two or more organs the clerk did not name.

    "交通运输部负责制定相关法律法规和标准，工业和信息化部负责推动信息基础设施建设，……国家发展改革委负责提供
    资金支持……" (the 1.5B's g0414 函, 40-document run): members and duties the draft invented.
    """
    return sum(1 for m in _ORGAN_DUTY.finditer(sentence) if m.group(1) not in allowed) >= 2


def _without_lead_in(sentence: str) -> str:
    """Return ``sentence`` without a last clause that introduces a list ("成员单位包括。"), '' when that is
    all of it. The formula ("现将有关事项通知如下") is the opening's business and stays.
    """
    if not _LEAD_IN.search(sentence):
        return sentence
    parts = _clauses(sentence)
    if re.search(r"现(?:将|就|对)|特将", parts[-1]):
        return sentence
    rest = "".join(parts[:-1]).rstrip("，,；;")
    return rest + "。" if len(han_only(rest)) >= 8 else ""


def _without_fragments(sentences: list[str], allowed: str = "", *, lone: bool = False) -> list[str]:
    """Return ``sentences`` without lists of fragments, lists of organs and lead-ins left without their list.

    "国家发展改革委。工业和信息化部。交通运输部。" (g0414, g0419, g0422's 函: a member list the clerk did not
    give), "电视新闻；广播节目；……" (a section of noun fragments), "加强信息披露。加强风险管理和内部控制。"
    (g0380: labels whose text the cleaning cut): two or more fragments in a row go, but for the last one
    when a sentence follows it (a label and its text: "实施绿色种植模式。鼓励……"). A fragment alone stays
    (a short measure: "建立健全市场监管机制。"). "成员单位包括。" loses its lead-in with its list. With
    ``lone`` (a 请示 or 函, which have no labelled items) a fragment goes alone too ("采购物资。我局将……").
    """
    sentences = [_without_lead_in(x) for x in sentences]
    keep = [bool(x) and not _organ_list(x, allowed) and not _duties_of_organs(x, allowed) for x in sentences]
    frag = [_fragment(x) for x in sentences]
    n = len(sentences)
    for k in range(n):
        in_run = (k + 1 < n and frag[k + 1]) or (k > 0 and frag[k - 1])
        organ = bool(_ORGAN_NAME.search(han_only(sentences[k])))  # a member, never a label
        if frag[k] and (lone or in_run and (k + 1 == n or frag[k + 1] or organ)):
            keep[k] = False  # a fragment of a list: another fragment, or nothing, follows it
    return [x for x, ok in zip(sentences, keep, strict=True) if ok]


#: Words no local organ's text is about unless the clerk named them: a city's 政务服务 通报 "提高政府工作的
#: 国际影响力", "与国外网站进行合作" (the 1.5B, 2026-12-02).
_ABROAD = re.compile(r"国际|国外|境外|全球|世界|其他国家|我国")


def local_org(org: str) -> bool:
    """Return True for a sender below the provinces (a city's, a county's, a district's organ)."""
    return bool(re.match(r"^[\u4e00-\u9fff]{1,12}?[市县区州盟旗乡镇]", org or "")) and "国务院" not in org


#: A circumstance before a sentence's measure ("自2026年××月起，", "在2026年第三季度，"): said once per
#: section.
_CIRCUMSTANCE = re.compile(r"^(?:自|在|从|截至|截止|于|今年|本季度|本年度|[0-9×]{2,4}年)"
                           r"[^，,。；]{0,20}[，,]")


def _said_circumstance(sentence: str, frames: list[tuple[str, str]]) -> str:
    """Return ``sentence`` without an opening circumstance an earlier sentence of its section opened with.

    "自2026年××月起，江北市人民政府办公室全面启动了……。自2026年××月起，江北市人民政府办公室继续深化……"
    (the 1.5B's 通报, 2026-12-02): the second time the circumstance goes; a sentence that is only it goes.
    """
    m = _CIRCUMSTANCE.match(sentence)
    if not m:
        return sentence
    said = {han_only(c.group(0)) for _, x in frames if (c := _CIRCUMSTANCE.match(x))}
    if han_only(m.group(0)) not in said:
        return sentence
    rest = sentence[m.end():]
    return rest if len(han_only(rest)) >= 6 else ""


def label_of_next(sentence: str, following: str) -> bool:
    """Return True when ``sentence`` is a label the ``following`` sentence's text is about.

    "提升服务效率。通过优化流程，减少办事时间，提高工作效率。" / "推动政务公开，增强透明度。各相关部门
    要加大政务公开力度……" (the 1.5B's 通报, 2026-12-02: every measure so): a short sentence of one
    or two clauses naming something to do, with nobody told to do it, followed by a sentence sharing a
    word of its object. Two or more such pairs in one paragraph make it a list, and their labels go
    (:func:`clean_section`); one label before its text is a run-in heading and stays.
    """
    bare = sentence.rstrip("。；")
    clauses = re.split(r"[，,]", bare)
    if not (len(clauses) <= 2 and len(han_only(bare)) <= 14 and han_only(bare) == bare.replace("，", "")
            .replace(",", "") and _DOING.match(bare) and not _ACTOR.search(bare)):
        return False
    # a general word counts here ("提升服务效率。……提高工作效率。"), but for those every text has
    # (by its words and their two-character parts: "服务质量" is one word of jieba's)
    words = {w for c in clauses for x in _words(measure_object(c)) for w in (x, *han_bigrams(x))
             if len(w) >= 2 and w not in ("工作", "相关", "有关", "各项", "方面", "进一步")}
    return any(w in following for w in words)


#: A colon after a long stretch of words that does not announce a list ("……分配权：确保……").
_RUN_ON_COLON = re.compile(r"(?<=[\u4e00-\u9fff]{5})(?<!如下)(?<!包括)(?<!以下)(?<!主要有)"
                           r"(?<!分别为)(?<!分别是)：(?=[\u4e00-\u9fff])")


def _first_clause(text: str) -> str:
    """Return the Han characters of the first clause of a sentence (up to its first comma)."""
    return han_only(re.split(r"[，,；：:]", text, maxsplit=1)[0])


def clean_section(raw: str, *, title: str, heading: str, seen: list[set[str]], max_chars: int = 400,
                  allowed: str = "", doc_type: str = "", earlier: list[set[str]] | None = None,
                  other_headings: tuple[str, ...] = (), earlier_labels: list[set[str]] | None = None,
                  labels: list[set[str]] | None = None, copied: list[set[str]] | None = None,
                  org: str = "", parent: str = "", frames: list[tuple[str, str]] | None = None,
                  foreign: frozenset[str] = frozenset(),
                  elsewhere: Callable[[str], bool] | None = None, count: bool = True,
                  contained: list[set[str]] | None = None, ended: bool = True) -> str:
    """Turn model output into one clean body paragraph (``seen`` is updated with the kept sentences).

    Args:
        raw: the model's output.
        title: the document title; lines repeating it and sentences echoing it are dropped.
        heading: the section heading; lines repeating it are dropped.
        seen: bigram sets of sentences already in the draft; a sentence sharing ≥ 80% with one is cut.
        max_chars: cut at the last whole sentence within this length.
        allowed: the clerk's own words: numbers, years, 文号 and 《titles》 found there are kept.
        doc_type: the 文种 (for title echoes such as "……的通知，").
        earlier: bigram sets of the sentences of earlier sections; sharing ≥ ``EARLIER_REPEAT`` cuts.
        other_headings: the other sections' headings; a sentence naming one is that section's business.
        earlier_labels: bigram sets of the labels ("加强物资储备，") of earlier sections' sentences; a
            sentence with the same label restates that measure.
        labels: the labels of the kept sentences are appended here.
        copied: bigram sets of the 范文's sentences; a sentence sharing ≥ ``COPIED`` with one goes.
        contained: bigram sets of the 范文's measures; a sentence holding ≥ ``CONTAINED`` of one goes.
        org: the sender; a sentence speaking as another kind of organ ("我省" from 国务院) goes.
        parent: the 一级 heading of a sub-section; written as a sentence, it goes like the own heading.
        frames: the first two Han characters and the text of the sentences kept so far in this
            section (the kept ones are appended); a third sentence on one frame goes (see :func:`looping`).
        foreign: names of places and people that only the 范文 have; they become ×× (see
            :func:`exemplar_names`).
        elsewhere: True for a sentence whose measure is another section's business (see
            :meth:`Cleaner.elsewhere`); it goes.
        count: renumber the counts (一是/二是 …) that the cuts left with gaps (:func:`renumber`). The
            drafter renumbers a whole section once its continue turns are in, and passes False.
        ended: the model's answer is complete (False while it is still being written: an item that is only
            its label at the end may yet get its text).

    Returns:
        The cleaned paragraph, ending with 。 (or '' when nothing usable is left).
    """
    raw = raw.rstrip()
    end = max(raw.rfind(c) for c in "。！？；")
    if raw and raw[-1] not in "。！？；”）)" and end > 0:
        raw = raw[: end + 1]  # the last sentence was cut off by the token limit (or is still being written)
    lines = _lines(raw, title, heading, parent)
    text = _INLINE_MARK.sub("", _GLUED_ITEM.sub("。", to_fullwidth("".join(lines))))
    sentences = [_REPORTING.sub("", _CHAIN.sub("", s.strip())) for s in SENTENCE.findall(text)]
    # the label of each sentence that had one ("统一标准：……" at its start), before the colon goes
    starts = {k: m.group(2) for k, s in enumerate(sentences) if (m := _LABEL.match(s)) and not m.group(1)}
    sentences = [_LABEL.sub(r"\1\2，", s) for s in sentences]
    out: list[str] = []
    total = 0
    shapes: dict[tuple[str, str], int] = {}
    frames = frames if frames is not None else []
    problems = bool(_PROBLEM_HEADING.match(han_only(parent or heading))) or bool(
        _PROBLEM_HEADING.match(han_only(heading)))
    for k, sent in enumerate(sentences):
        if k + 1 < len(sentences) and _label_restated_next(sent, sentences[k + 1]):
            continue  # "建立健全信用评价体系。建立健全信用评价体系，对……": the label its text says again
        # "十一是加强……": the count's mark is set aside while the sentence is judged, and put back
        mark = m.group(0) if (m := _LEADING_MARK.match(sent)) else ""
        sent = sent[len(mark):]
        if doc_type in SELF_SPEAKING and org and not echoes_title(sent, title, doc_type):
            # 我们将… → 我局将… (not the fragment 将…); a sentence naming the document itself is judged as
            # written (我局关于…的函 would hide the echo of the title)
            sent = speak_as_sender(sent, org)
        sent = full_names(sent, org)
        if problems and not states_problem(sent):
            continue  # a measure in a part that states problems
        sent = _restated_label(_GENERIC_LABEL.sub("", _FIRST_SUBJECT.sub("", sent)))
        # the subject rules apply to the text after a list item's label ("加强组织协调，国务院应……", g0193)
        item = starts.get(k, "")
        head = item + "，" if item and sent.startswith(item + "，") else ""
        rest = _sender_as_subject(org).sub("", sent[len(head):])  # "国务院要求各地区……要" from 国务院
        if doc_type not in SELF_SPEAKING:  # a 请示's "……不足，需要进一步的资金支持" needs its 需要
            rest = _VAGUE_SUBJECT.sub("", rest)  # "政府可以出台相关政策，……"
        sent = _label_stop(_PROMPT_CLAUSE.sub("", head + rest), item)
        item_grams = han_bigrams(item) if head else set()
        if item_grams and any(len(item_grams & g) / len(item_grams) >= 0.8
                              for g in [*seen, *(earlier or [])]):
            # "国际合作与交流。" said before (g0193 section 一 had that label twice): the text alone
            sent = sent[len(head):]
        han = han_only(sent)
        shape = (han[:4], han[-2:])
        if len(han) >= 10 and shapes.get(shape, 0) >= 2:
            continue  # "鼓励企业……，提高……水平。" a third time: the model is looping on one pattern
        shapes[shape] = shapes.get(shape, 0) + 1
        if looping(sent, frames, title):
            continue  # "加强对教育/医疗/文化行业的监管，……": the same frame with other words in it
        whole = sent  # as written: the frames compare what the model wrote
        sent = _thrice_said(sent, frames)  # a clause the section has said twice goes the third time
        sent = dangling_means(sent, cut=sent != whole)  # a cut left "，通过……等方式。"
        if not sent:
            continue
        if (len(han) < 4 or PERSONA.search(sent)
            or RE_FIRST_PERSON.search(sent)):
            continue
        sent = _register_words(sent)  # 他们 → 其, a government text's 员工 → 工作人员
        if sent is None:
            continue
        if doc_type == "请示" and commands_addressee(sent, doc_type):
            continue  # "请尽快完成……" to the superior: a 请示 asks (a 函's roles: llm.asks.keep_roles)
        if doc_type == "请示":
            # "请予批准。" / "……，恳请市政府予以批准。" / "请批准上述请求，……": the closing (妥否，请批示)
            # asks once; asked again in the body, the 请示 reads as two requests (one_matter)
            sent = _APPROVAL_CLAUSE.sub("。", sent)
            if len(han_only(sent)) < 4 or _APPROVAL_SENTENCE.match(sent):
                continue
        if echoes_title(sent, title, doc_type) and doc_type:
            # "……制定当前春耕生产工作指南的通知。": the sentence loses the name of the document, if it can
            sent = re.sub(f"的(?:若干|指导|实施)?{doc_type}(?=[，。：,；]|$)", "", sent)
            if echoes_title(sent, title, doc_type) or len(han_only(sent)) < 8:
                continue
        elif echoes_title(sent, title, doc_type):
            continue
        if contained and (whole_grams := han_bigrams(sent)) and any(
                len(whole_grams & g) / len(g) >= CONTAINED for g in contained):
            continue  # a 范文's measure carried whole, words added ("……，通过……"): not this document's
        body_named = _BODY.search(sent)
        if body_named and body_named.group(0) not in allowed:
            continue  # "成立……领导小组": a body the clerk never named
        marked = mark_invented(sent, allowed)
        if marked is None:
            continue
        sent = mark_foreign(marked, foreign, allowed)  # "宜春丰城" of a 范文 in a draft about another place
        grams = han_bigrams(sent)
        if any(grams and (len(grams & g) / len(grams)) >= 0.8 for g in seen):
            continue
        if earlier and any(grams and (len(grams & g) / len(grams)) >= EARLIER_REPEAT for g in earlier):
            continue
        if any(names_heading(sent, h) for h in other_headings):
            continue
        bare = han_only(sent).lstrip("要")
        if any(h and bare == han_only(h) for h in (heading, parent)):
            continue  # the section's own heading written again as a sentence ("压实各级责任。")
        if _fragment(sent) and any(h and len(han_only(h)) >= 4 and han_only(h) in bare
                                   for h in (heading, parent)):
            continue  # "继续组织实施。" under 组织实施 (held-out g0271, tenth session): the heading again
        # "维护进城落户农民的……分配权：确保……" (g0271): a point the clerk gave, run into its text with a
        # colon; a 公文 sentence has a colon before a list only
        sent = _RUN_ON_COLON.sub("，", sent)
        if sent.startswith("是"):
            continue  # "创新和完善监管方式，是……的重要途径" lost its subject, the heading used as a label
        if _SELF_PURPOSE.match(sent):
            continue  # "这一举措旨在进一步深化改革开放": the text speaking of itself, nothing before it
        if heading and (_OPENING_FORMULA.search(sent) or _SELF_DOCUMENT.search(sent)):
            continue  # "现将……安排如下。", "……特制定本通知。" inside a section: a second opening
        if wrong_organ(sent, org):
            continue  # "我省要……" in a 国务院办公厅 document: the model spoke as someone else
        named = _PROVINCE.search(sent)
        if named and local_org(org) and named.group(1) not in title + allowed + org:
            continue  # "江北市作为福建省的重要城市" (the 1.5B's 请示, 2026-12-02): a province nobody named
        if _ABROAD.search(sent) and local_org(org) and not _ABROAD.search(title + allowed):
            continue  # "提高政府工作的国际影响力" in a city's 政务服务 通报: not a local organ's business
        if any(w not in allowed for w in _LATIN_WORD.findall(sent)):
            continue  # "为 farmers提供……": the model slipped into English
        if copied and any(grams and len(grams & g) / len(grams) >= COPIED for g in copied):
            continue  # copied from a 范文: another document's measure ("研究促进家政服务业提质扩容……")
        label = _label_grams(sent)
        if earlier_labels and label and any(len(label & g) / len(label) >= 0.75 for g in earlier_labels):
            continue  # "加强物资储备，……" when an earlier section already has its "加强物资储备，……"
        if elsewhere is not None and elsewhere(sent):
            continue  # its measure is another section's, or one an earlier section has (Cleaner.elsewhere)
        if total + len(sent) > max_chars and out:
            break
        if total + len(sent) > max_chars:
            continue
        sent = _said_circumstance(sent, frames)  # "自2026年××月起，" opening a second sentence
        if not sent:
            continue
        seen.append(grams)
        if item_grams and sent.startswith(item + "。"):
            seen.append(item_grams)  # the label is a sentence of its own now
        if label and labels is not None:
            labels.append(label)
        frames.append((han[:2], whole))
        out.append(mark + sent)
        total += len(mark) + len(sent)
    # "……。加强政策宣传和解读。加强国际合作与交流。通过……" (g0193): a list item's label whose text was cut,
    # left before another label or at the end, says nothing
    names = set(_BOLD_LINE.findall(raw)) | set(starts.values())

    def without(labels: set[str]) -> list[str]:
        return [x for j, x in enumerate(out) if x[:-1] not in labels or (
            j + 1 < len(out) and not any(out[j + 1].startswith(n + "。") for n in labels))]

    # "（十七）加强国际合作交流。" alone at the end (g0193 section 三): an item that is only its label goes
    # too, unless the text is nothing but such items (then the cuts would leave the section empty)
    marked = set(MARKED_LABEL.findall(restore_bracket(raw))) if ended else set()
    out = without(names | marked) or without(names)
    out = _without_fragments(out, allowed, lone=doc_type in UNNUMBERED_LETTERS)
    # a paragraph of label-and-text pairs reads as a list (the 1.5B's 通报 2026-12-02: five of them in a row);
    # one label before its text is a 国务院 run-in heading ("实施绿色种植模式。鼓励……") and stays
    # (an item's text is its next sentence or two); in such a list the other items' labels go too
    out = [x for o in out for x in SENTENCE.findall(o)]  # "统一标准。制定……" is one item of two sentences
    # a label of nothing to do, left a sentence ("时间进度。质量保证。" in a 函, the lead's reading
    # 2026-12-02;
    # "质量保证。" before its text, once its colon became a stop): a 函 or 请示 has no labels at all
    out = [x for x in out if not (_fragment(x) and (doc_type in UNNUMBERED_LETTERS
                                                    or _LABEL_NOUN.search(x.rstrip("。；！？"))))]
    pairs = [j for j in range(len(out) - 1) if label_of_next(out[j], "".join(out[j + 1:j + 3]))]
    if len(pairs) >= 2:
        out = [x for j, x in enumerate(out)
               if j not in pairs and not (x[:-1] in names and j + 1 < len(out))]
    body = "".join(out)
    if count:
        body = renumber(body)  # "一是……三是……" once a 二是 was cut: 一是……二是……
    if body and body[-1] not in "。！？；：":
        body = body.rstrip("，、；：") + "。"
    if body.endswith("；"):
        body = body[:-1] + "。"
    return body


@dataclass
class RegisterCounts:
    """What is wrong with a draft's register, counted (all should be 0 in a draft a clerk keeps)."""

    first_person: int = 0
    chains: int = 0
    markdown: int = 0
    echo: int = 0
    placeholders: int = 0
    repeated: int = 0
    #: clauses said again in another sentence, in any order (see ``NEAR_REPEAT``); a repeated sentence's
    #: clauses are not counted again
    near_repeats: int = 0


_FILLER = re.compile(r"认真做好.{1,20}相关工作。|关于.{1,20}，特此说明。")


def register_counts(bodies: list[str], *, title: str = "", doc_type: str = "") -> RegisterCounts:
    """Count first person, chains, Markdown, title echoes, placeholders, repeated sentences, near repeats."""
    c = RegisterCounts()
    seen: list[set[str]] = []
    clauses: list[set[str]] = []
    for body in bodies:
        c.placeholders += len(RE_PLACEHOLDER.findall(body))
        c.markdown += len(re.findall(r"\*\*|^#|`", body, re.M))
        for sent in SENTENCE.findall(body):
            c.first_person += bool(RE_FIRST_PERSON.search(sent))
            c.chains += bool(_CHAIN.match(sent.strip()))
            c.echo += echoes_title(sent, title, doc_type)
            grams = han_bigrams(sent)
            repeated = False
            if len(grams) >= 4:
                repeated = any(len(grams & g) / len(grams) >= 0.8 for g in seen)
                c.repeated += repeated
                seen.append(grams)
            mine = near_clause_grams(sent)
            if not repeated:
                c.near_repeats += sum(near_said(g, clauses) for g in mine)
            clauses.extend(mine)
    return c


def filler_count(bodies: list[str]) -> int:
    """Count sentences of the program-written filler the old drafter used (认真做好……相关工作。)."""
    return sum(len(_FILLER.findall(b)) for b in bodies)
