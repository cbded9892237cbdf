"""What a clerk asks for in a 函 or 请示, kept in the draft: the request, its figures, who does what.

"给市财政局发个函，商请安排2027年城市公园改造提升专项资金800万元" is a request of the sender to the
addressee. Asked to write the 函's 商洽事项 from its title alone, the 1.5B never stated the 800万元, told
the 财政局 "请尽快完成这项工作" (the addressee given the sender's work) and kept bare labels ("时间进度。质量
保证。") as sentences (the lead's reading, 2026-12-02). Here the request is read from the sentence by rule
(:func:`ask_of`), given to the model as the clerk's note for the request part, and checked after
generation: a request part that does not state it with its figures gets the request written by rule
(:func:`request_sentence`), and a sentence telling the addressee to do work (:func:`commands_addressee`) or
the sender doing what it asks the addressee for (:func:`does_the_ask`) goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gov_docs.text.han import han_only

#: The types in which the sender asks the addressee for something: 函 (to an organ it does not lead), 请示
#: (to its superior).
ASKING_TYPES = frozenset({"函", "请示"})
#: The part of each asking type that states the request (templates.yaml: ``sections``).
REQUEST_PART = {"函": "商洽事项", "请示": "请示事项"}

#: The clerk's asking verb at the start of the 事由 ("商请安排……", "申请拨付……", "请示增拨……").
_ASKING = re.compile(r"^(?:商请|恳请|敬请|申请|请求|请示|拟请|报请|提请|请(?![示])|拟)+")
#: Verbs a request's matter starts with (what the addressee is asked to do).
_MATTER_VERB = re.compile(
    r"^(?:安排|拨付|增拨|追加|核拨|下达|划拨|给予|支持|协调|解决|协助|帮助|同意|批准|审批|调剂|增加|核增|调整|"
    r"提供|配合|出具|办理|派员|参加|设立|建立|开展|组织|延长|减免|免除|补助|预留|列入|纳入|保障)")
#: A figure the clerk gave, with its unit: 800万元, 3名, 2027年 (a year alone is no figure to check).
_FIGURE = re.compile(
    r"\d+(?:\.\d+)?(?:万|亿|千|百)?(?:元|名|个|人|项|亩|公顷|平方米|米|公里|台|辆|套|处|所|座|间|张|批|吨|次|天|日|月)")
#: Words that make a sentence a request to the addressee (the sender asks; the addressee decides).
REQUEST_WORDS = re.compile(r"商请|恳请|敬请|请予|予以支持|给予[^，。]{0,6}支持|予以批准|申请|请求|拟请|望予|"
                           r"请贵|希望贵")
#: A sentence's own words of asking: a 请 that asks for the addressee's decision or help, not for its work.
_POLITE_ASK = re.compile(r"予以|给予|支持|研究|函复|复函|批准|批示|审批|协调|帮助|协助|安排|拨付|同意|指导|"
                         r"惠允|考虑|关心|配合|商洽|核拨|解决")
#: Words that give the addressee orders: "请尽快完成这项工作", "贵局要加强……", "要求贵局……".
_ORDER_WORDS = re.compile(r"尽快|务必|抓紧|切实|认真做好|认真落实|按时完成|确保|严格|必须|负责|实施这")
_ADDRESSEE = r"(?:贵[局委厅办府部院司处署会]|你[局委厅办部院市县区]|该[局委厅办部])"


@dataclass
class Ask:
    """What the clerk asks the addressee for: the matter (with a verb), details, and the figures in it."""

    verb: str  # the clerk's asking word (商请, 申请 …) or ''
    matter: str  # "安排2027年城市公园改造提升专项资金800万元"
    details: list[str] = field(default_factory=list)  # "用于5个公园的提升改造"
    figures: list[str] = field(default_factory=list)  # "800万元"

    def note(self, doc_type: str, to: str, me: str = "") -> str:
        """Return the clerk's note for the request part: the request ("商请贵局安排……800万元，予以支持"),
        and what follows it. The request starts the model's answer (the drafter writes it first); told only
        to write the matter, the 1.5B asked again without the amount and listed steps with no subject.
        """
        who = me or "本机关"
        return (request_sentence(self, doc_type, to, lead="").rstrip("。")
                + f"。这句请求已写在开头，不再重复；接着以{who}的口吻写具体用途、实施安排和"
                  f"{who}对资金或事项的管理，每句写明由{who}做什么")


def _normal_matter(matter: str) -> str:
    """Return the matter with a verb of what the addressee is asked to do at its start."""
    matter = _ASKING.sub("", matter)
    if not matter or _MATTER_VERB.match(matter):
        return matter
    return ("安排" if re.search(r"[资经]费|资金|元", matter) else "支持解决") + matter


def ask_of(doc_type: str, title: str, sentence: str = "") -> Ask | None:
    """Return what a 函 or 请示 asks for: from its title's 事由 and the clerk's sentence, or None.

    "江北市园林绿化局关于商请安排2027年城市公园改造提升专项资金800万元的函" → Ask("商请",
    "安排2027年城市公园改造提升专项资金800万元", figures ["800万元"]); a later clause of the sentence that
    says what the matter is for ("，用于5个公园的提升改造") is kept as a detail. A title whose 事由 asks
    nothing ("关于2026年城市绿化工作有关情况的函") gives None: the request is not invented.
    """
    if doc_type not in ASKING_TYPES:
        return None
    m = re.search(r"关于(.+?)的(?:请示|函)$", title or "")
    subject = m.group(1) if m else ""
    verb_m = _ASKING.match(subject)
    verb = verb_m.group(0) if verb_m else ""
    matter = _normal_matter(subject)
    if doc_type == "函" and not verb:
        # "国务院办公厅关于同意建立……部际联席会议制度的函": the sender grants, it asks for nothing
        return None
    if not verb and not _MATTER_VERB.match(subject) and not _FIGURE.search(subject):
        return None
    details = []
    for clause in re.split(r"[，,；;。]", re.sub(r"\s", "", sentence or "")):
        if re.match(r"^(?:主要)?(?:用于|用来|以便|以|为了|确保|保障)", clause) \
                and len(han_only(clause)) >= 4 \
                and clause not in matter:
            details.append(clause)
    figures = list(dict.fromkeys(_FIGURE.findall(matter + "".join(details))))
    return Ask(verb, matter, details, figures)


def addressee_word(to: str, doc_type: str) -> str:
    """Return how the text names its addressee: a 函 says 贵局/贵委/贵厅 …, a 请示 the superior's short name.

    "市财政局" → "贵局" (函); "市人民政府" → "市政府" (请示), "江北市人民政府" → "市政府".
    """
    name = (to or "").split("、")[0].strip().rstrip("：:")
    if doc_type == "请示":
        gov = re.search(r"([省市县区州盟旗乡镇])人民政府$", name)
        if gov:
            return gov.group(1) + "政府"
        return name or "上级机关"
    kind = re.search(r"(局|委员会|委|厅|办公室|办公厅|办|部|院|署|中心|政府)$", name)
    if not kind:
        return "贵单位"
    return {"委员会": "贵委", "办公室": "贵办", "办公厅": "贵厅", "政府": "贵府", "中心": "贵中心"}.get(
        kind.group(1), "贵" + kind.group(1))


def request_sentence(ask: Ask, doc_type: str, to: str, *, lead: str = "为此，") -> str:
    """Return the request written by rule: "为此，特商请贵局安排……800万元，用于……，予以支持。" (函),
    "为此，恳请市政府拨付……50万元。" (请示: the closing 妥否，请批示 asks for the decision).
    """
    who = addressee_word(to, doc_type)
    details = "".join("，" + d for d in ask.details)
    if doc_type == "请示":
        return f"{lead}恳请{who}{ask.matter}{details}。"
    return f"{lead}{'特' if lead else ''}商请{who}{ask.matter}{details}，予以支持。"


def states_request(text: str, ask: Ask) -> bool:
    """Return True when one sentence of ``text`` asks for the matter with every figure the clerk gave."""
    for sentence in re.findall(r"[^。！？]+[。！？]?", text):
        if REQUEST_WORDS.search(sentence) and all(f in sentence for f in ask.figures) and (
                ask.figures or _core(ask.matter) in han_only(sentence)):
            return True
    return False


def _core(matter: str) -> str:
    """Return the matter's object without its verb, year and figures, its last six characters (the thing
    asked): "拨付2027年森林防火专项经费120万元" → "防火专项经费".
    """
    bare = han_only(_MATTER_VERB.sub("", _FIGURE.sub("", re.sub(r"\d{4}年", "", matter))))
    return bare[-6:]


#: A sentence with nobody doing its measure ("加强对森林防火工作的宣传力度，……"): in a 请示 or an asking 函
#: the sender speaks as itself (我局将……); such a sentence reads as an order to the addressee, or as a
#: list of measures in a part that states the situation (the 1.5B's 请示, 2026-12-02).
_SUBJECTLESS = re.compile(r"^(?:加强|强化|推进|推动|完善|健全|建立|建设|落实|做好|开展|提升|提高|优化|深化|"
                          r"创新|夯实|构建|促进|加大|实施|规范|制定|组织|加快|引导|鼓励|严格|积极|切实|认真|"
                          r"定期|及时|适时|全面|大力)")


def commands_addressee(sentence: str, doc_type: str) -> bool:
    """Return True when ``sentence`` of a 函 or 请示 gives the addressee work to do.

    "请尽快完成这项工作。" to the 财政局 of whom the 函 asks money (the lead's reading), "贵局要加强资金监管",
    "要求贵局……": the sender asks, the addressee decides. "请贵局予以支持", "请予研究函复" stay.
    """
    if doc_type not in ASKING_TYPES:
        return False
    s = sentence.strip()
    for clause in re.split(r"[，,；;]", s):
        if re.match(r"^(?:请|望|希望|期待|期望)(?!示)", clause) and (
                not _POLITE_ASK.search(s) or _ORDER_WORDS.search(clause)):
            return True  # "……，期待贵局能够尽快安排并实施这笔资金": pressing, and the roles mixed
    duty = (r"(?:要|应当|应|须|必须|务必|负责|确保|抓紧|尽快|认真|切实|加强|做好|"
            r"在[^，。]{0,12}(?:使用|管理|实施|建设|施工|改造))")
    if re.search(rf"(?:要求|建议|强调|提醒|督促){_ADDRESSEE}|{_ADDRESSEE}{duty}", s):
        return True  # "建议贵局……优先考虑对公园内现有设施进行改造提升": the 财政局 given the 园林局's work
    return False


#: A clause run on after a request that gives the addressee a duty ("恳请贵局予以支持，并在资金使用过程中
#: 严格遵守相关法律法规和财务制度", the 1.5B's 函, 2026-12-02): the request stays, the duty goes.
_DUTY_CLAUSE = re.compile(r"^(?:并|并且|同时|且)?[^，]*(?:严格|遵守|注重|确保|务必|切实|认真做好|加强)")


def without_duties(sentence: str, doc_type: str) -> str:
    """Return a request sentence of a 函 or 请示 without the clauses after it giving the addressee duties."""
    if doc_type not in ASKING_TYPES or not REQUEST_WORDS.search(sentence):
        return sentence
    clauses = re.split(r"(?<=[，,])", sentence)
    for k in range(1, len(clauses)):
        if re.match(r"^(?:并|并且|同时|且)", clauses[k]) and _DUTY_CLAUSE.match(clauses[k]):
            return "".join(clauses[:k]).rstrip("，,") + sentence[-1] if sentence[-1] in "。！？" else ""
    return sentence


def does_the_ask(sentence: str, ask: Ask, self_word: str) -> bool:
    """Return True when the sender says it does what it asks the addressee for.

    "我局将安排专项资金800万元……" in a 函 asking the 财政局 to arrange the money: the roles reversed. The
    sender's own use of what it gets ("我局将严格按照规定使用资金") stays.
    """
    if re.search(rf"(?:支持|配合){_ADDRESSEE}的?工作", sentence):
        return True  # "将积极支持贵局的工作" in a 函 asking the 财政局 for money: the sender supports nothing
    if not self_word or self_word not in sentence:
        return False
    verb = _MATTER_VERB.match(ask.matter)
    if not verb or verb.group(0) not in ("安排", "拨付", "增拨", "追加", "核拨", "下达", "划拨", "给予",
                                          "批准",
                                          "审批", "同意", "核增", "预留"):
        return False
    after = sentence[sentence.find(self_word):]
    m = re.search(rf"^{self_word}([^，。；]{{0,8}}){verb.group(0)}", after)
    return bool(m) and not REQUEST_WORDS.search(m.group(1) + verb.group(0)) and (
        not ask.figures or any(f in sentence for f in ask.figures) or _core(ask.matter)[-2:] in sentence)


def own_place(sentence: str, org: str) -> str:
    """Return ``sentence`` with "该区/该市/该县" said of the sender's own place as the sender says it (我市).

    "以支持该区的园林绿化工作。该区计划对现有城市公园进行改造提升" in a 函 of 江北市园林绿化局 (the 1.5B,
    2026-12-02): no 区 was ever named; the sender speaks of its own city.
    """
    m = re.match(r"^[\u4e00-\u9fff]{1,12}?([省市县区州盟旗])", org or "")
    if not m or "国务院" in org:
        return sentence
    return re.sub(r"该(?:市|区|县|州|省)(?![\u4e00-\u9fff]{0,2}(?:政府|人民政府))", "我" + m.group(1),
                  sentence)


def filter_roles(body: str, ask: Ask | None, doc_type: str, self_word: str, *, request_part: bool = False,
                 org: str = "") -> str:
    """Return ``body`` without the sentences of wrong roles (:func:`keep_roles`, but no request added)."""
    return keep_roles(body, ask, doc_type, "", self_word, request_part=request_part, org=org, state=False)


def keep_roles(body: str, ask: Ask | None, doc_type: str, to: str, self_word: str, *,
               request_part: bool = False, org: str = "", state: bool = True) -> str:
    """Return a 函's or 请示's paragraph with the roles right and, in its request part, the request stated.

    Sentences giving the addressee work (:func:`commands_addressee`), the sender doing what it asks for
    (:func:`does_the_ask`) and measures nobody does (``_SUBJECTLESS``) go; outside the request part, so
    does a sentence making the request again. In the request part (``request_part``), unless a sentence
    already asks for the matter with the clerk's figures, the requests that leave them out go and the
    request written by rule (:func:`request_sentence`) opens the paragraph.
    """
    if doc_type not in ASKING_TYPES or (doc_type == "函" and ask is None):
        return body  # a 函 that asks nothing may be one that grants ("你部要会同有关部门……" is its business)
    sentences = [without_duties(own_place(s, org), doc_type)
                 for s in re.findall(r"[^。！？]+[。！？]?", body)]
    kept = [s for s in sentences if s and not commands_addressee(s, doc_type)
            and not (ask and does_the_ask(s, ask, self_word)) and not _SUBJECTLESS.match(s)]
    if ask and not request_part:
        # the request is made once, in its part: "我局需申请拨付……120万元。……我局需申请拨付××万元的……经费。"
        # (the 1.5B's 基本情况 of a 请示, 2026-12-02)
        kept = [s for s in kept if not (REQUEST_WORDS.search(s) and (
            any(f in s for f in ask.figures) or _core(ask.matter)[-4:] in han_only(s)))]
    if state and ask and request_part and not states_request("".join(kept), ask):
        kept = [s for s in kept if not REQUEST_WORDS.search(s)]
        kept.insert(0, request_sentence(ask, doc_type, to))
    return "".join(kept)


#: The task of an asking document's opening (a 请示, a 函 that asks): the 缘由 only. Told the directive
#: type's task ("先写目的（以“为”开头）"), the 1.5B opened the lead's 函 to the 财政局 with the request as a
#: purpose and the wrong addressee ("为安排……800万元，我局向市政府提出商洽") and its 请示 with the sender's
#: duties ("我局是负责全市森林火灾预防和扑救工作的政府机构", 2026-12-02).
ASKING_OPENING = ("写开头的缘由，一至两句话、约{chars}字：讲清为什么需要提出这一事项——相关工作的背景、现状或"
                  "面临的实际需要（可以“为”“近年来”“随着”开头）；不介绍发文机关的职责，不写请求事项本身和"
                  "金额（后文写），不写“向……提出”，不写“现将……如下”，不重复标题。")
#: A sentence that introduces the sender ("我局是负责……的政府机构"): the addressee knows who writes.
_INTRODUCES = re.compile(r"^[^，。]{0,24}?(?:是|系)(?:负责|主管|承担)?[^，。]{0,40}?的?(?:政府)?(?:职能)?"
                         r"(?:机构|部门|单位|机关)$")
#: A clause that introduces the sender ("作为全市森林防火工作的主管部门，").
_AS_ORGAN = re.compile(r"^(?:[^，。]{0,12})?作为[^，。]{0,40}?(?:机构|部门|单位|机关)$")
#: A clause that makes the request or names whom it goes to ("我局向市政府提出商洽", "现申请……", "特此函商").
_ASKING_CLAUSE = re.compile(r"向[^，。]{1,16}?(?:提出|申请|请示|商请|报送|报请|请求|函商|致函)|"
                            r"提出[^，。]{0,6}?(?:商洽|申请|请求|请示)|函商|特此|" + REQUEST_WORDS.pattern)


def asking_opening(text: str, ask: Ask | None, doc_type: str, org: str = "") -> str:
    """Return an asking document's opening as its 缘由 only.

    A sentence introducing the sender goes, and so does a clause that makes the request, names whom it is
    made to ("我局向市政府提出商洽" in a 函 to the 财政局), or gives the matter as the purpose ("为安排……
    800万元"): the request has its own part, written from the clerk's words. A 函 that asks nothing is left.
    """
    if doc_type not in ASKING_TYPES or (doc_type == "函" and ask is None):
        return text
    core = _core(ask.matter) if ask else ""
    kept: list[str] = []
    for sentence in re.findall(r"[^。！？]+[。！？]?", text):
        clauses = re.findall(r"[^，,；;。！？]+[，,；;。！？]?", sentence)
        good = []
        for c in clauses:
            bare = c.rstrip("，,；;。！？")
            if _INTRODUCES.match(bare) or _AS_ORGAN.match(bare) or _ASKING_CLAUSE.search(bare):
                continue
            if ask and (any(f in bare for f in ask.figures) or (core and core[-4:] in han_only(bare))):
                continue  # the matter asked for, as a purpose or a fact: the request part's business
            good.append(bare)
        if good and len(han_only("".join(good))) >= 8:
            kept.append("，".join(good) + "。")
    return "".join(kept)
