"""The work a draft costs: the model's cached evaluation is reused, and a looping generation is stopped."""

from __future__ import annotations

from pathlib import Path

from gov_docs.llm.backends import FakeBackend, LlamaCppBackend, Sampling, cached_prompt
from gov_docs.llm.drafting import OPENING_SENTENCES, STALLED_SENTENCES, Drafter, DraftRequest


def test_a_continue_turn_evaluates_only_the_new_turn(demo_model_path: Path) -> None:
    """The model's own answer in the next prompt is not evaluated again, though it tokenizes differently.

    A model often writes a word in pieces ("火"+"源") that the tokenizer, reading the same text, takes
    whole ("火源"); here the cache holds the answer one character per token, as a model may have written it.
    """
    backend = LlamaCppBackend(demo_model_path, n_ctx=1024, threads=1)
    model = backend.model
    fmt = backend._formatter(model)
    messages = [{"role": "system", "content": "你是党政机关办公室的文字秘书。"},
                {"role": "user", "content": "写两句关于冬季森林防火巡护的具体措施。"}]
    answer = "要加强火源管控，严格落实巡护责任。"
    head = model.tokenize(fmt(messages=messages).prompt.encode("utf-8"), add_bos=False, special=True)
    written = [t for ch in answer for t in model.tokenize(ch.encode("utf-8"), add_bos=False)]
    assert written != model.tokenize(answer.encode("utf-8"), add_bos=False)  # not as the tokenizer reads it
    model.reset()
    model.eval(head + written)
    more = messages + [{"role": "assistant", "content": answer},
                       {"role": "user", "content": "接着写，再补充一句新的措施。"}]
    tokens = cached_prompt(model, fmt(messages=more).prompt)
    assert tokens[:len(head) + len(written)] == head + written
    "".join(backend.stream(more, Sampling(max_tokens=4, temperature=0.0)))
    assert backend.last_stats.reused_tokens >= len(head) + len(written)
    assert backend.last_stats.prompt_tokens <= len(tokens) - len(head) - len(written)


def test_the_cached_tokens_spell_the_same_prompt(demo_model_path: Path) -> None:
    """Whatever it takes from the cache, the prompt is the same text (the model is told the same thing)."""
    backend = LlamaCppBackend(demo_model_path, n_ctx=1024, threads=1)
    model = backend.model
    messages = [{"role": "user", "content": "用一句话说明火源管控的要求。"}]
    answer = "".join(backend.stream(messages, Sampling(max_tokens=24, temperature=0.0)))
    chat = backend._formatter(model)(messages=messages + [{"role": "assistant", "content": answer},
                                                           {"role": "user", "content": "再写一句。"}])
    tokens = cached_prompt(model, chat.prompt)
    assert model.detokenize(tokens, special=True).decode("utf-8") == chat.prompt


def test_a_looping_section_stops_early() -> None:
    """A model writing the same pattern again and again is stopped: the cleaning would cut it all."""
    loop = "要加强对教育行业的监管，提高教学质量。" * 30
    backend = FakeBackend(reply=loop)
    drafter = Drafter(backend)
    drafter.draft(DraftRequest("通知", title="某某市人民政府关于加强行业监管的通知", points=["加强行业监管"],
                               to="各区县人民政府", org="某某市人民政府"))
    section = [c for c in drafter.call_log if c["part"] == "加强行业监管"]
    assert section and section[0]["stopped"]
    # the first sentence is kept; the model is stopped after a few more that add nothing
    assert section[0]["raw"].count("。") <= 1 + STALLED_SENTENCES


def test_the_opening_stops_after_the_sentences_it_can_use() -> None:
    """The 缘由 is one or two sentences: the model is not left to write six."""
    opening = ("为做好冬季森林防火工作，根据省政府部署。为确保人民群众生命财产安全。为维护生态安全。"
               "各地要加强火源管控。各地要落实巡护责任。各地要做好应急准备。")
    backend = FakeBackend(reply=opening)
    drafter = Drafter(backend)
    result = drafter.draft(DraftRequest("通知", title="某某市人民政府关于做好冬季森林防火工作的通知",
                                        points=["加强火源管控"], to="各区县人民政府", org="某某市人民政府"))
    first = drafter.call_log[0]
    assert first["part"] == "开头" and first["stopped"] and first["raw"].count("。") == OPENING_SENTENCES
    body = [p.text for p in result.document.paragraphs if p.text.startswith("为做好冬季森林防火工作")]
    assert body and body[0].endswith("现将有关事项通知如下：")
