"""Go's ``text/tabwriter`` (as forked in ``github.com/liggitt/tabwriter``), which aligns every
column kubectl prints.

Semantics reproduced (flags ``0`` / ``RememberWidths``; ``AlignRight``, ``FilterHTML``,
``StripEscape``, ``DiscardEmptyColumns``, ``TabIndent`` and ``Debug`` are not needed by kubectl):

* A *cell* is text terminated by a tab (``\\t``, or the soft ``\\v``). The text after the last tab
  of a line is **not** a cell of any column and is written unpadded; so a line ending in a tab pads
  its last cell — that is where ``kubectl top``'s trailing spaces come from.
* A *column block* is a run of consecutive lines that all have a cell in that column; blocks of
  column *k+1* are found inside the blocks of column *k*. Every cell of a block is padded to
  ``max(minwidth, widest cell + padding)`` with the pad character.
* Width is the number of Unicode code points (Go counts runes), not the display width.
* A line with no tab at all (or a ``\\f``) flushes: it cannot belong to any block.
* ``RememberWidths`` (kubectl ``get``/``top``): a column never gets narrower than the widest
  block seen at that column index since the widths were last reset — across flushes too.

kubectl's two configurations:

* :data:`KUBECTL_GET` — ``printers.GetNewTabWriter``: minwidth 6, tabwidth 4, padding 3, ``' '``,
  ``RememberWidths`` (``get``, ``top``, custom-columns, ``rollout history``...).
* :data:`KUBECTL_DESCRIBE` — the describers' ``tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)``.

>>> print(tabwrite("NAME\\tREADY\\nnginx-long\\t1/1\\n", **KUBECTL_GET), end="")
NAME         READY
nginx-long   1/1
>>> tabwrite("a\\tb\\t\\nccc\\td\\t\\n", **KUBECTL_GET) == 'a     b     \\nccc   d     \\n'
True
>>> tabwrite("Name:\\tnginx\\nNamespace:\\tdefault\\n", **KUBECTL_DESCRIBE) == 'Name:       nginx\\nNamespace:  default\\n'
True
"""

from __future__ import annotations

__all__ = ["TabWriter", "tabwrite", "KUBECTL_GET", "KUBECTL_DESCRIBE"]

KUBECTL_GET = {"minwidth": 6, "tabwidth": 4, "padding": 3, "padchar": " ", "remember_widths": True}
KUBECTL_DESCRIBE = {"minwidth": 0, "tabwidth": 8, "padding": 2, "padchar": " ", "remember_widths": False}


class TabWriter:
    """An incremental tab writer: :meth:`write` text, then :meth:`flush` to get the output.

    Output produced by automatic flushes (a line without tabs) accumulates until :meth:`flush`
    returns it. ``padchar='\\t'`` pads with tabs in multiples of ``tabwidth``, as Go does.

    >>> w = TabWriter(minwidth=0, tabwidth=8, padding=1)
    >>> w.write("a\\tb\\n")
    >>> w.write("xyz\\tw\\n")
    >>> w.flush()
    'a   b\\nxyz w\\n'
    """

    def __init__(self, minwidth: int = 0, tabwidth: int = 8, padding: int = 1, padchar: str = " ",
                 remember_widths: bool = False):
        if len(padchar) != 1:
            raise ValueError("padchar must be a single character")
        self.minwidth, self.tabwidth, self.padding = minwidth, tabwidth, padding
        self.padchar, self.remember_widths = padchar, remember_widths
        self.maxwidths: list[int] = []
        self._out: list[str] = []
        self._reset()

    # -- buffering ---------------------------------------------------------------------------
    def _reset(self) -> None:
        self._lines: list[list[str]] = [[]]
        self._cell: list[str] = []
        self._widths: list[int] = []

    def write(self, text: str) -> None:
        """Buffer ``text``; cells end at tabs, lines at newlines (or form feeds, which flush)."""
        start = 0
        for i, ch in enumerate(text):
            if ch in "\t\v\n\f":
                self._cell.append(text[start:i])
                start = i + 1
                line = self._lines[-1]
                line.append("".join(self._cell))
                self._cell = []
                if ch in "\n\f":
                    self._lines.append([])
                    if ch == "\f" or len(line) == 1:
                        self._flush_into_out()
        self._cell.append(text[start:])

    def flush(self) -> str:
        """Format everything buffered and return all output produced since the last flush."""
        self._flush_into_out()
        out, self._out = "".join(self._out), []
        return out

    def set_remembered_widths(self, widths: list[int] | None) -> None:
        """``SetRememberedWidths`` — kubectl resets them (``nil``) between resource kinds."""
        self.maxwidths = list(widths or [])

    def _flush_into_out(self) -> None:
        tail = "".join(self._cell)
        if tail:
            self._lines[-1].append(tail)
        self._cell = []
        self._format(0, len(self._lines))
        self._reset()

    # -- formatting ---------------------------------------------------------------------------
    def _format(self, line0: int, line1: int) -> None:
        column = len(self._widths)
        this = line0
        while this < line1:
            if column >= len(self._lines[this]) - 1:
                this += 1
                continue
            # a cell exists in this column: print the lines before the block, then find its end
            self._write_lines(line0, this)
            line0 = this
            width = self.minwidth
            while this < line1:
                line = self._lines[this]
                if column >= len(line) - 1:
                    break
                width = max(width, len(line[column]) + self.padding)
                this += 1
            if self.remember_widths:
                mw = self.maxwidths
                if len(mw) < len(self._widths):
                    mw.extend(self._widths[len(mw):])
                if len(mw) == len(self._widths):
                    mw.append(width)
                elif mw[column] > width:
                    width = mw[column]
                else:
                    mw[column] = width
            self._widths.append(width)
            self._format(line0, this)
            self._widths.pop()
            line0 = this
        self._write_lines(line0, line1)

    def _pad(self, textw: int, cellw: int) -> str:
        if self.padchar == "\t":
            if self.tabwidth == 0:
                return ""
            cellw = (cellw + self.tabwidth - 1) // self.tabwidth * self.tabwidth
            return "\t" * ((cellw - textw + self.tabwidth - 1) // self.tabwidth)
        return self.padchar * (cellw - textw)

    def _write_lines(self, line0: int, line1: int) -> None:
        out = self._out
        last = len(self._lines) - 1
        for i in range(line0, line1):
            for j, cell in enumerate(self._lines[i]):
                out.append(cell)
                if j < len(self._widths):
                    out.append(self._pad(len(cell), self._widths[j]))
            if i != last:
                out.append("\n")


def tabwrite(text: str, *, minwidth: int = 0, tabwidth: int = 8, padding: int = 1,
             padchar: str = " ", remember_widths: bool = False) -> str:
    """Run ``text`` through a fresh :class:`TabWriter` and flush it (what one ``Fprintf`` burst
    followed by ``w.Flush()`` prints in kubectl)."""
    w = TabWriter(minwidth, tabwidth, padding, padchar, remember_widths)
    w.write(text)
    return w.flush()
