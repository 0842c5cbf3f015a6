"""Tokenizer and parser of the shell subset run by :mod:`k8scourse.runtime.shell`.

A word is a list of segments ``(quoting, text)``: ``"'"`` literal, ``'"'`` or ``""`` with
``$VAR`` expansion, ``"$("`` a command substitution and ``"$(("`` arithmetic. The tree nodes are
tuples: ``("list", [(connector, node), …])``, ``("pipe", [node, …])``, ``("loop", until, cond,
body)``, ``("for", var, [word], body)``, ``("if", [(cond or None, body), …])`` and ``("simple",
[(name, word)], [word], [(redirect op, word or None)], line)``.

>>> parse("echo hi && exit 3")[1][1]
('&&', ('simple', [], [[('', 'exit')], [('', '3')]], [], 1))
>>> parse("while true; do sleep 1; done")[1][0][1][0]
'loop'
"""

from __future__ import annotations

import re

DOLLAR = re.compile(r"\$(\{\w+\}|\w+|\?|\$)")
KEYWORDS = frozenset({"while", "until", "for", "do", "done", "if", "then", "elif", "else", "fi", "{", "}", "in"})
_REDIRECTS = (">", ">>", "2>", "2>>", "&>", "<")
_DUPS = ("2>&1", "1>&2")          # redirections without a target word
_NAME = re.compile(r"[A-Za-z_]\w*$")


class ParseError(ValueError):
    pass


def _balanced(text: str, i: int, open_: str = "(", close: str = ")") -> int:
    """Index just past the bracket closing the one opened before ``i``."""
    depth, quote = 1, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == open_:
            depth += 1
        elif ch == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ParseError(f"unterminated {open_}")


def tokenize(text: str) -> list[tuple]:
    tokens: list[tuple] = []
    word: list[tuple[str, str]] = []
    buf: list[str] = []
    line = 1

    def flush_buf(quoting=""):
        if buf:
            word.append((quoting, "".join(buf)))
            buf.clear()

    def end_word():
        flush_buf()
        if word:
            tokens.append(("word", list(word), line))
            word.clear()

    def dollar(i: int, quoting: str) -> int:
        if text.startswith("$((", i):
            end = _balanced(text, i + 3)
            if not text.startswith(")", end):
                raise ParseError("unterminated $((")
            flush_buf(quoting)
            word.append(("$((", text[i + 3:end - 1]))
            return end + 1
        if text.startswith("$(", i):
            end = _balanced(text, i + 2)
            flush_buf(quoting)
            word.append(("$(", text[i + 2:end - 1]))
            return end
        if text.startswith("${", i):
            end = text.find("}", i)
            if end < 0:
                raise ParseError("bad substitution")
            buf.append(text[i:end + 1])
            return end + 1
        buf.append("$")
        return i + 1

    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t\r":
            end_word()
            i += 1
        elif ch == "\n":
            end_word()
            tokens.append(("op", ";"))
            line += 1
            i += 1
        elif ch == "#" and not word and not buf:
            while i < len(text) and text[i] != "\n":
                i += 1
        elif ch == "\\" and i + 1 < len(text):
            if text[i + 1] != "\n":
                buf.append(text[i + 1])
            i += 2
        elif ch == "'":
            end = text.find("'", i + 1)
            if end < 0:
                raise ParseError("unterminated quoted string")
            flush_buf()
            word.append(("'", text[i + 1:end]))
            i = end + 1
        elif ch == '"':
            flush_buf()
            i += 1
            while i < len(text) and text[i] != '"':
                if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in '"\\$`':
                    buf.append(text[i + 1])
                    i += 2
                elif text[i] == "$":
                    i = dollar(i, '"')
                else:
                    buf.append(text[i])
                    i += 1
            if i >= len(text):
                raise ParseError("unterminated quoted string")
            flush_buf('"')
            if not word or word[-1][0] != '"':
                word.append(('"', ""))
            i += 1
        elif ch == "$":
            i = dollar(i, "")
        elif ch in ";&|()<>":
            two = text[i:i + 2]
            if ch == ">" and not word and buf in (["2"], ["1"]):
                fd = buf[0]
                buf.clear()
                if text.startswith(">&", i) and i + 2 < len(text) and text[i + 2] in "12":
                    tokens.append(("op", f"{fd}>&{text[i + 2]}"))      # 2>&1, 1>&2
                    i += 3
                    continue
                op = ">>" if text.startswith(">>", i) else ">"
                i += len(op)
                tokens.append(("op", ("2" + op) if fd == "2" else op))
                continue
            if text.startswith(">&", i) and i + 2 < len(text) and text[i + 2] in "12":
                end_word()
                tokens.append(("op", f"1>&{text[i + 2]}"))             # >&2
                i += 3
                continue
            end_word()
            if two in ("&&", "||", ">>", "&>", ";;"):
                tokens.append(("op", two))
                i += 2
            else:
                tokens.append(("op", "&" if ch == "&" else ch))
                i += 1
        else:
            buf.append(ch)
            i += 1
    end_word()
    return tokens


def _bare(tok) -> str | None:
    if tok and tok[0] == "word" and len(tok[1]) == 1 and tok[1][0][0] == "":
        return tok[1][0][1]
    return None


class _Parser:
    def __init__(self, tokens):
        self.toks = tokens
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect_kw(self, kw: str) -> None:
        tok = self.take()
        if _bare(tok) != kw:
            got = _bare(tok) or (tok[1] if tok else "end of file")
            raise ParseError(f"unexpected {got} (expecting \"{kw}\")")

    def at_stop(self, stops) -> bool:
        tok = self.peek()
        if tok is None:
            return True
        if tok[0] == "op":
            return tok[1] in stops
        return _bare(tok) in stops

    def parse_list(self, stops=frozenset()):
        items = []
        connector = None
        while True:
            while self.peek() is not None and self.peek() in (("op", ";"), ("op", "&")):
                self.take()
                connector = ";"
            if self.at_stop(stops):
                break
            items.append((connector if items else None, self.parse_pipeline()))
            tok = self.peek()
            if tok in (("op", "&&"), ("op", "||")):
                connector = self.take()[1]
                while self.peek() == ("op", ";"):
                    self.take()
                continue
            if tok in (("op", ";"), ("op", "&")):
                connector = ";"
                continue
            break
        return ("list", items)

    def parse_pipeline(self):
        cmds = [self.parse_command()]
        while self.peek() == ("op", "|"):
            self.take()
            cmds.append(self.parse_command())
        return cmds[0] if len(cmds) == 1 else ("pipe", cmds)

    def parse_command(self):
        tok = self.peek()
        kw = _bare(tok)
        if kw in ("while", "until"):
            self.take()
            cond = self.parse_list({"do"})
            if not cond[1]:
                raise ParseError(f'unexpected "{_bare(self.peek()) or "end of file"}"')
            self.expect_kw("do")
            body = self.parse_list({"done"})
            self.expect_kw("done")
            return ("loop", kw == "until", cond, body)
        if kw == "for":
            self.take()
            var = _bare(self.take()) or ""
            words = []
            if _bare(self.peek()) == "in":
                self.take()
                while self.peek() is not None and self.peek()[0] == "word" and _bare(self.peek()) != "do":
                    words.append(self.take()[1])
            while self.peek() == ("op", ";"):
                self.take()
            self.expect_kw("do")
            body = self.parse_list({"done"})
            self.expect_kw("done")
            return ("for", var, words, body)
        if kw == "if":
            self.take()
            branches = []
            while True:
                cond = self.parse_list({"then"})
                if not cond[1]:
                    raise ParseError(f'unexpected "{_bare(self.peek()) or "end of file"}"')
                self.expect_kw("then")
                body = self.parse_list({"elif", "else", "fi"})
                branches.append((cond, body))
                nxt = _bare(self.take())
                if nxt == "elif":
                    continue
                if nxt == "else":
                    branches.append((None, self.parse_list({"fi"})))
                    self.expect_kw("fi")
                elif nxt != "fi":
                    raise ParseError('unexpected end of file (expecting "fi")')
                return ("if", branches)
        if kw == "{":
            self.take()
            body = self.parse_list({"}"})
            self.expect_kw("}")
            return body
        if tok == ("op", "("):
            self.take()
            body = self.parse_list({")"})
            if self.take() != ("op", ")"):
                raise ParseError("unexpected end of file (expecting \")\")")
            return body
        return self.parse_simple()

    def parse_simple(self):
        assigns, words, redirects = [], [], []
        line = None
        while True:
            tok = self.peek()
            if tok is None:
                break
            if tok[0] == "op":
                if tok[1] in _DUPS:
                    self.take()
                    if tok[1] != "1>&1" and tok[1] != "2>&2":
                        redirects.append((tok[1], None))
                    continue
                if tok[1] in _REDIRECTS:
                    self.take()
                    target = self.take()
                    if target is None or target[0] != "word":
                        raise ParseError("unexpected redirection")
                    redirects.append((tok[1], target[1]))
                    continue
                break
            segs = tok[1]
            if not words and segs[0][0] == "" and "=" in segs[0][1] and _NAME.match(segs[0][1].split("=", 1)[0]):
                name, first = segs[0][1].split("=", 1)
                assigns.append((name, [("", first)] + list(segs[1:])))
                self.take()
                continue
            if not words and _bare(tok) in KEYWORDS - {"{", "}", "in"} and (assigns or redirects):
                break
            if not words and _bare(tok) in ("do", "done", "then", "elif", "else", "fi", "}"):
                break
            if line is None:
                line = tok[2]
            words.append(self.take()[1])
        if not (assigns or words or redirects):
            tok = self.peek()
            raise ParseError(f"unexpected {tok[1] if tok and tok[0] == 'op' else _bare(tok) or 'end of file'}")
        return ("simple", assigns, words, redirects, line or 1)


def parse(text: str):
    """The tree of a script; :class:`ParseError` (busybox's ``syntax error: …``) when malformed."""
    p = _Parser(tokenize(text))
    tree = p.parse_list()
    if p.peek() is not None:
        tok = p.peek()
        raise ParseError(f"unexpected {tok[1] if tok[0] == 'op' else _bare(tok) or 'word'}")
    return tree
