"""A clause said again in another sentence or order, and a means clause left with nothing done by it.

The sentences are the 1.5B's own (benchmarks/data/draft_quality/s12-366e462.jsonl and s13-a5c2409.jsonl,
1.5b+ex drafts and their raw calls) and the clerk's reading of the 森林防火 notice (thirteenth session:
"严格控制进入森林的人员数量" twice in section 三, "共同做好……协调和配合" twice in 二).
"""

from __future__ import annotations

from gov_docs.llm.cleaning import Cleaner, dangling_means, register_counts

FOREST = "某某市人民政府关于做好2026年冬季森林防火工作的通知"


def test_a_clause_said_again_in_another_order_goes() -> None:
    """The clerk's two repeats: the later clause goes, what is new in its sentence stays."""
    raw = ("严格控制进入森林的人员数量，对进入林区的车辆逐一登记检查。"
           "加强重点时段的巡查，严格控制进入森林的人员数量。"
           "林业、公安、应急等部门要共同做好森林防火的协调和配合工作。"
           "各乡镇要落实网格化巡护责任，共同做好森林防火协调和配合工作。")
    body = Cleaner(title=FOREST, doc_type="通知").clean(raw, heading="落实巡护责任", max_chars=2000)
    assert body.count("严格控制进入森林的人员数量") == 1
    assert "加强重点时段的巡查。" in body
    assert body.count("协调和配合") == 1
    assert "各乡镇要落实网格化巡护责任。" in body


def test_a_clause_of_an_earlier_turn_or_section_goes_too() -> None:
    """g0154 (s12): "制定详细的春播计划" in 一 and again in 二; g0155 (s12): one first clause three times."""
    cleaner = Cleaner(title="某某市人民政府关于做好春耕生产工作的通知", doc_type="通知")
    one = cleaner.clean("要制定详细的春播计划，确保每个地方都有明确的目标。",
                        heading="压实责任确保春播粮食面积", max_chars=2000)
    two = cleaner.clean("各地区、各部门要根据本地区的实际情况，制定详细的春播计划，明确责任单位和责任人。",
                        heading="分级分类尽快恢复春耕生产秩序", max_chars=2000)
    assert "制定详细的春播计划" in one
    assert two == "各地区、各部门要根据本地区的实际情况，明确责任单位和责任人。"
    aid = Cleaner(title="国务院办公厅关于进一步做好困难群众兜底保障工作的通知", doc_type="通知").clean(
        "加强与国际救援组织的合作，为其提供专业的医疗和心理支持，帮助其恢复身心健康。"
        "要进一步加强与国际救援组织的合作，为临时救助站提供必要的医疗、心理支持等服务。",
        heading="保障好陷入临时困境外来人员基本生活", max_chars=2000)
    assert aid.count("国际救援组织") == 1


def test_neighbouring_measures_and_short_clauses_stay() -> None:
    """At 0.70 of shared bigrams two measures are different ("储气设施" / "终端设施", g0183 s12)."""
    raw = "加强储气设施的安全监管，定期开展隐患排查。加强终端设施的安全监管，落实企业主体责任。"
    body = Cleaner(title="某某市人民政府关于天然气安全工作的意见", doc_type="意见").clean(
        raw, heading="加强安全监管", max_chars=2000)
    assert body == raw


def test_near_repeats_are_counted_for_the_benchmark() -> None:
    bodies = ["严格控制进入森林的人员数量，对进入林区的车辆逐一登记检查。",
              "加强重点时段的巡查，严格控制进入森林的人员数量。加强巡护队伍建设。"]
    counts = register_counts(bodies)
    assert counts.near_repeats == 1 and counts.repeated == 0
    assert register_counts(["加强储气设施的安全监管。加强终端设施的安全监管。"]).near_repeats == 0


def test_a_means_clause_left_with_nothing_done_by_it_goes() -> None:
    """g0181 (s13, 1.5b+ex): five "通过……等方式。" sentences, the clause each led to cut as said before."""
    assert dangling_means("通过举办培训、讲座等方式。") == ""
    assert dangling_means("通过国际合作与交流活动。", cut=False) == ""
    assert dangling_means("推动高校与企业之间的合作，通过产学研项目。") == "推动高校与企业之间的合作。"
    network = "鼓励高校和科研院所与企业建立产学研合作网络"
    assert dangling_means(network + "，通过定期举办研讨会、技术交流会等形式。", cut=False) == network + "。"
    # a means clause with its own verb is a sentence; one leading to its measure stays
    assert dangling_means("通过技术培训提高农民素质。") == "通过技术培训提高农民素质。"
    abroad = "引导企业积极参与国际竞争，通过参加国内外展会、技术交流活动等方式扩大市场影响力。"  # g0181 s13
    assert dangling_means(abroad) == abroad
    led = "通过建立国际交流合作平台，如国际科技合作中心等，为开发区提供国际合作与交流的平台。"
    assert dangling_means(led) == led


def test_the_cleaning_leaves_no_dangling_means_after_cutting_a_purpose_said_before() -> None:
    """g0181 二's raw text (s13): the purpose "提升企业的创新能力" said, then said after two means clauses."""
    cleaner = Cleaner(title="国务院关于促进国家高新技术产业开发区高质量发展的若干意见", doc_type="意见")
    cleaner.clean("建立产学研合作机制，促进高校、科研机构与企业之间的紧密合作，提升企业的创新能力。",
                  heading="推动产学研合作", max_chars=2000)
    body = cleaner.clean("建立技术转移与转化平台，促进科研成果向市场转化。"
                         "通过技术转让、许可、合作等方式，提升企业的创新能力。",
                         heading="推动技术转移与转化", max_chars=2000)
    assert "通过" not in body and body.startswith("建立技术转移与转化平台")
