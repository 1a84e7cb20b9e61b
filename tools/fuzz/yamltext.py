"""A tiny YAML writer for the fuzzer: it writes what yaml.dump never would.

Generated files must be able to hold duplicate keys, anchors and aliases in odd places, tags,
merge keys, complex keys and raw scalar text exactly as written (``.nan``, ``0x1F``, a 5,000-digit
integer, an unquoted date), so nodes carry YAML *source text* rather than Python values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Escapes of YAML double-quoted scalars for the characters a printable scalar cannot hold.
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar; any code point (a lone surrogate too) survives."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF or code in (0xFEFF, 0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@dataclass
class Node:
    """A YAML node as source: ``raw`` (one-line scalar text), ``map`` (a list of key/value pairs,
    so a key may repeat), ``seq``, or ``block`` (a literal block scalar)."""

    kind: str
    raw: str = ""
    items: list = field(default_factory=list)
    flow: bool = False
    anchor: str | None = None

    def anchored(self, name: str) -> Node:
        self.anchor = name
        return self


def raw(text: str) -> Node:
    return Node("raw", raw=text)


def string(text: str) -> Node:
    return raw(quote(text))


def mapping(pairs: list[tuple[str, Node]], flow: bool = False) -> Node:
    return Node("map", items=list(pairs), flow=flow)


def seq(nodes: list[Node], flow: bool = True) -> Node:
    return Node("seq", items=list(nodes), flow=flow)


def key(name: str) -> str:
    """A plain key when it is a safe identifier, else a quoted one."""
    return (
        name if name.replace("_", "").replace("-", "").isalnum() and name.isascii() else quote(name)
    )


def _prefix(node: Node) -> str:
    return f"&{node.anchor} " if node.anchor else ""


def flow(node: Node) -> str:
    """The node on one line (flow style)."""
    if node.kind == "raw":
        return _prefix(node) + node.raw
    if node.kind == "block":
        return _prefix(node) + quote(node.raw)
    if node.kind == "seq":
        return _prefix(node) + "[" + ", ".join(flow(n) for n in node.items) + "]"
    return _prefix(node) + "{" + ", ".join(f"{k}: {flow(v)}" for k, v in node.items) + "}"


def block(node: Node, indent: int = 0) -> str:
    """The node in block style at ``indent`` (a mapping or sequence), newline-terminated."""
    pad = " " * indent
    if node.kind == "map" and not node.flow and node.items:
        lines = []
        for k, v in node.items:
            lines.append(_entry(f"{pad}{k}:", v, indent))
        return "".join(lines)
    if node.kind == "seq" and not node.flow and node.items:
        return "".join(_entry(f"{pad}-", v, indent) for v in node.items)
    return pad + flow(node) + "\n"


def _entry(head: str, value: Node, indent: int) -> str:
    if value.kind in ("map", "seq") and not value.flow and value.items:
        anchor = f" &{value.anchor}" if value.anchor else ""
        inner = Node(value.kind, items=value.items)
        return f"{head}{anchor}\n" + block(inner, indent + 2)
    if value.kind == "block":
        body = "".join(
            f"{' ' * (indent + 2)}{line}\n" if line else "\n" for line in value.raw.split("\n")
        )
        return f"{head} {_prefix(value)}|2\n{body}"  # the indentation stated: a first line may start with spaces
    return f"{head} {flow(value)}\n"
