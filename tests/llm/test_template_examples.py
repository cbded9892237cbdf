"""The document-type templates carry examples that run as self-tests, like every rule file."""

from __future__ import annotations

from pathlib import Path

from gov_docs.admin.files import validate_file
from gov_docs.llm.drafting import blank_frame, templates

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "resources" / "doctypes" / "templates.yaml"


def test_the_shipped_examples_pass():
    report = validate_file(TEMPLATES)
    assert report.ok, report.problems
    assert len(report.results) >= 5 and all(r.ok for r in report.results)


def test_a_failing_example_is_reported_with_file_and_line(tmp_path):
    bad = tmp_path / "doctypes" / "templates.yaml"
    bad.parent.mkdir()
    text = TEMPLATES.read_text(encoding="utf-8").replace("contains: [只写一个主送机关, 妥否，请批示。]",
                                                         "contains: [特此请示。]")
    bad.write_text(text, encoding="utf-8")
    report = validate_file(bad)
    assert not report.ok
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "特此请示" in ln)
    assert any(f"{bad}:{line}:" in p and "缺少：特此请示。" in p for p in report.problems), report.problems


def test_the_blank_frame_is_the_one_new_from_template_opens():
    frame = blank_frame("请示").split("\n")
    assert frame[0].endswith("的请示") and frame[-3] == "妥否，请批示。"
    assert blank_frame("通知", templates()["通知"],
                       "关于做好冬季森林防火工作的通知").startswith("关于做好冬季森林防火工作的通知\n")


def test_a_new_frame_reports_only_its_unfilled_prompts(tmp_path):
    # 按文种新建: every prompt (主送机关, 缘由, each section) is an unfilled placeholder, and nothing in the
    # frame is checked as if the prompt were text (the 请示's hint was read as two 主送机关)
    from gov_docs import api
    from gov_docs.document.doctypes import DOC_TYPES

    paths = []
    for doc_type in DOC_TYPES:
        path = tmp_path / f"{doc_type}.txt"
        path.write_text(blank_frame(doc_type), encoding="utf-8")
        paths.append(path)
    results = list(api.check_files(paths, jobs=1))
    assert len(results) == len(DOC_TYPES)
    for result in results:
        assert {f.rule_id for f in result.findings} == {"format.unfilled-placeholders"}, result.path
    qingshi = next(r for r in results if r.path.name == "请示.txt")
    (unfilled,) = qingshi.findings
    assert "【此处填写主送机关" in unfilled.message and "共7处" in unfilled.message
