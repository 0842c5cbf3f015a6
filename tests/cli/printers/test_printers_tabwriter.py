"""Go text/tabwriter semantics (k8scourse.cli.printers.tabwriter)."""

from __future__ import annotations

from k8scourse.cli.printers import KUBECTL_DESCRIBE, KUBECTL_GET, TabWriter, tabwrite


def tw(text, **kw):
    opts = dict(minwidth=0, tabwidth=8, padding=1)
    opts.update(kw)
    return tabwrite(text, **opts)


def test_simple_alignment_and_unpadded_last_cell():
    assert tw("a\tb\tc\naaa\tbbbb\tc\n") == "a   b    c\naaa bbbb c\n"


def test_kubectl_get_minwidth_and_padding():
    # minwidth 6 makes a 1-char column 6 wide; padding 3 otherwise
    assert tabwrite("A\tB\n1\t2\n", **KUBECTL_GET) == "A     B\n1     2\n"
    assert tabwrite("NAME\tX\nlonger-name\ty\n", **KUBECTL_GET) == "NAME          X\nlonger-name   y\n"


def test_trailing_tab_pads_last_cell():
    assert tabwrite("a\tb\t\nccc\td\t\n", **KUBECTL_GET) == "a     b     \nccc   d     \n"
    assert tabwrite("a\tbbbbbb\t\n", **KUBECTL_GET) == "a     bbbbbb   \n"


def test_text_after_last_tab_is_not_a_cell():
    assert tw("a\tshort\nbb\ta much longer tail\n") == "a  short\nbb a much longer tail\n"


def test_line_without_tab_ends_blocks():
    text = "a\tb\tc\naaaa\tb\nx\na\tbbbbbbbb\tc\n"
    assert tw(text) == "a    b c\naaaa b\nx\na bbbbbbbb c\n"


def test_column_blocks_are_nested():
    # the text/tabwriter package documentation's example
    text = "aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n"
    assert tw(text) == "aaaa bbb d\naa   b   dd\na    \naa   cccc eee\n"


def test_width_counts_code_points():
    assert tw("héllo\tx\nab\ty\n") == "héllo x\nab    y\n"
    assert tw("日本\tx\nabc\ty\n") == "日本  x\nabc y\n"


def test_no_trailing_newline_kept():
    assert tw("a\tb\nccc\td") == "a   b\nccc d"


def test_empty_cells():
    assert tw("\tx\nabc\t\n") == "    x\nabc \n"


def test_describe_configuration():
    assert tabwrite("Name:\tnginx\nNamespace:\tdefault\n", **KUBECTL_DESCRIBE) == \
        "Name:       nginx\nNamespace:  default\n"
    assert tabwrite("Name:\tnginx\n", **KUBECTL_DESCRIBE) == "Name:  nginx\n"


def test_tab_padding():
    w = TabWriter(minwidth=0, tabwidth=8, padding=1, padchar="\t")
    w.write("a\tb\naaaaaaaaa\tc\n")
    assert w.flush() == "a\t\tb\naaaaaaaaa\tc\n"


def test_remember_widths_across_flushes_and_reset():
    w = TabWriter(minwidth=0, tabwidth=8, padding=1, remember_widths=True)
    w.write("aaaaaa\tb\n")
    assert w.flush() == "aaaaaa b\n"
    w.write("a\tb\n")
    assert w.flush() == "a      b\n"
    w.set_remembered_widths(None)
    w.write("a\tb\n")
    assert w.flush() == "a b\n"


def test_remember_widths_within_one_flush_after_single_cell_line():
    # a line without tabs flushes; the remembered width carries over to the next block
    w = TabWriter(minwidth=0, tabwidth=8, padding=1, remember_widths=True)
    w.write("aaaaaa\tb\n\nc\td\n")
    assert w.flush() == "aaaaaa b\n\nc      d\n"
    plain = TabWriter(minwidth=0, tabwidth=8, padding=1)
    plain.write("aaaaaa\tb\n\nc\td\n")
    assert plain.flush() == "aaaaaa b\n\nc d\n"


def test_incremental_writes_split_anywhere():
    w = TabWriter(**KUBECTL_GET)
    for chunk in ["NA", "ME\tRE", "ADY\nng", "inx\t1/1", "\n"]:
        w.write(chunk)
    assert w.flush() == tabwrite("NAME\tREADY\nnginx\t1/1\n", **KUBECTL_GET)


def test_vertical_tab_is_a_cell_terminator_and_form_feed_flushes():
    assert tw("a\vb\nccc\vd\n") == "a   b\nccc d\n"
    assert tw("aaa\tb\fc\td\n") == "aaa b\nc d\n"
