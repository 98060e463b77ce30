"""Sentences and tokens: offsets always true to the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.text import split_sentences, tokenize, train_sentence_model

PROSE = st.lists(
    st.sampled_from([*list("abcdefgh ABC.,;:!?'\"“”‘’()-—\n\t0123…"), "Dr. ", "U.S. ", "Mr ", "``", "''"]),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_every_span_is_true_on_arbitrary_text(text):
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text and sentence.text
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text
            assert sentence.start <= token.start < token.end <= sentence.end


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_every_span_is_true_on_prose_like_text(text):
    sentences = split_sentences(text)
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert "\n" not in sentence.text
        assert [text[t.start : t.end] for t in sentence.tokens] == [t.text for t in sentence.tokens]
    starts = [s.start for s in sentences]
    assert starts == sorted(starts)


def test_titles_do_not_end_sentences():
    text = "Interviewer: Thank you, Dr. Petrova, for these insightful perspectives. This interview ends."
    assert [s.text for s in split_sentences(text)] == [
        "Interviewer: Thank you, Dr. Petrova, for these insightful perspectives.",
        "This interview ends.",
    ]


def test_abbreviations_inside_a_sentence():
    text = "The absence of a U.S. invitation reflects a desire among European nations. Brig. Ferris agreed."
    assert len(split_sentences(text)) == 2


def test_a_closing_quote_stays_with_its_sentence():
    text = "“New Zealand stands shoulder to shoulder with Ukraine,” Luxon wrote. “Our discussion included peace.”"
    assert [s.text for s in split_sentences(text)] == [
        "“New Zealand stands shoulder to shoulder with Ukraine,” Luxon wrote.",
        "“Our discussion included peace.”",
    ]


def test_sentences_never_cross_paragraphs():
    sentences = split_sentences("Starmer told reporters:\n\n“We agreed to keep going.”")
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("Starmer told reporters:", 0),
        ("“We agreed to keep going.”", 1),
    ]


def test_model_trained_on_the_corpus_learns_its_abbreviations():
    corpus = ["Gov. Smith spoke. " * 5, "The Gov. said no. Later Gov. Smith left. " * 5]
    config = train_sentence_model(corpus)
    assert [s.text for s in split_sentences("Gov. Smith spoke. He left.", config)] == [
        "Gov. Smith spoke.",
        "He left.",
    ]


def test_tokens_split_curly_possessives_and_keep_the_text_as_written():
    tokens = tokenize("New Zealand’s “Kiwi” businesses", offset=10)
    assert [t.text for t in tokens] == ["New", "Zealand", "’s", "“", "Kiwi", "”", "businesses"]
    assert tokens[0].start == 10


def test_state_abbreviations_and_closing_brackets_do_not_end_sentences():
    text = "Rep. Zoe Lofgren (D-Calif.), who chairs the panel, said no. Sen. Chuck Grassley (R-Iowa) agreed."
    assert [s.text for s in split_sentences(text)] == [
        "Rep. Zoe Lofgren (D-Calif.), who chairs the panel, said no.",
        "Sen. Chuck Grassley (R-Iowa) agreed.",
    ]


def _seed_lines():
    from conftest import ROOT

    for path in sorted((ROOT / "seeds").glob("*.txt")):
        yield from (line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_the_re_compiled_tokenizers_equal_nltk_on_real_articles():
    """Speed must not change a token or a sentence: nltk's own classes are the reference."""
    from nltk.tokenize import TreebankWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

    from newsdesk.text import punkt, tokens

    lines = [line.translate(tokens._STRAIGHTEN) for line in _seed_lines()]
    reference = TreebankWordTokenizer()
    assert [tokens._TREEBANK.tokenize(line) for line in lines] == [reference.tokenize(line) for line in lines]

    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    trainer.train("\n".join(lines))
    ours = train_sentence_model(["\n".join(lines)], max_chars=10**9).parameters
    assert ours.collocations == trainer.get_params().collocations
    assert ours.sent_starters == trainer.get_params().sent_starters
    reference_splitter = PunktSentenceTokenizer(ours)
    fast_splitter = punkt._sentence_tokenizer(ours)
    assert [list(fast_splitter.span_tokenize(line)) for line in lines] == [
        list(reference_splitter.span_tokenize(line)) for line in lines
    ]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*list("ab1 .,:;'\"`()[]{}<>-?!\n\t\u00a0…’&@#$%"), "'s ", "'ll ", "n't ", "N'T ", "'VE ",
                                 ". ) ", ".\n", "``", "''", "...", "--"]),
                max_size=40).map("".join))
def test_the_treebank_rules_skipped_by_their_tests_equal_nltk(text):
    """A rule runs only when the text holds what it needs (a full stop before closing marks at the
    end, a comma or colon at the end, a contraction), and its substitution is a function of the
    match or a ``str.replace``, not nltk's template: the tokens are nltk's."""
    from nltk.tokenize import TreebankWordTokenizer

    from newsdesk.text import tokens

    assert tokens._TREEBANK.tokenize(text) == TreebankWordTokenizer().tokenize(text)


def _model(parameters):
    return (sorted(parameters.abbrev_types), sorted(parameters.collocations), sorted(parameters.sent_starters),
            sorted((word, flags) for word, flags in parameters.ortho_context.items() if flags))  # fmt: skip


def test_the_sentence_model_depends_on_the_texts_not_on_their_order():
    """A build keeps each article's counts and sums them: so the model must be a function of the
    set of texts, whichever order they come in (nltk's own trainer is not)."""
    lines = list(_seed_lines())
    texts = ["\n".join(lines[i : i + 40]) for i in range(0, len(lines), 40)]
    forward = train_sentence_model(texts, max_chars=10**9).parameters
    backward = train_sentence_model(texts[::-1], max_chars=10**9).parameters
    assert _model(forward) == _model(backward)


def test_token_texts_are_the_aligned_tokens_strings():
    """The build keeps token_texts; they must be what tokenize gives, quotes and curly marks included."""
    from newsdesk.text import token_texts

    lines = [line for line in _seed_lines() if line.strip()]
    lines += ['He said "no" -- and ``left\'\' (at 5pm).', "It’s ‘fine’, isn't it?", "cannot gonna 'tis",
              '"Start," she said. "(Yes)"', 'a "b"c"d" e: "f\'s" "', '["x"] {"y"} <"z">']
    for line in lines:
        assert token_texts(line) == [token.text for token in tokenize(line)]
