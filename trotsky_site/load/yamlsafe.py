"""YAML through the safe loader only, read the YAML 1.2 way, with the line of every value.

PyYAML speaks YAML 1.1: `no` is false, `1:20` is 80, `010` is 8, `1917-11-07` becomes a date
object and an impossible date like 1917-02-30 raises a ValueError from deep inside the loader.
We resolve booleans, integers and floats by the YAML 1.2 core schema only, keep timestamps
as text (the dates module parses them), and build Python values from the node tree ourselves
so that duplicate keys, unsupported tags and the line of every value are known.

libyaml's C parser does the scanning; the nodes are composed in Python, because the C composer
recurses without limit and a few kilobytes of `[[[[` crash the interpreter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

try:  # libyaml's parser is several times faster; composing and resolving stay in Python
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader

from .yamlerrors import explain

MAX_NODES = 200_000
MAX_DEPTH = 100

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_COLLECTION_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


class _Loader(yaml.composer.Composer, _BaseLoader):
    """PyYAML's Composer, with the same nodes, errors and recursion (two frames a level), in fewer calls:
    one get_event() per event instead of check, peek and get, and no path resolvers to descend into."""

    def __init__(self, stream):
        _BaseLoader.__init__(self, stream)
        yaml.composer.Composer.__init__(self)

    def compose_node(self, parent, index):
        event = self.get_event()
        kind = type(event)
        if kind is _END_SEQUENCE or kind is _END_MAPPING:
            return event      # the end of the collection being composed (see _compose_collection)
        if kind is yaml.AliasEvent:
            anchor = event.anchor
            if anchor not in self.anchors:
                raise yaml.composer.ComposerError(None, None, "found undefined alias %r" % anchor, event.start_mark)
            return self.anchors[anchor]
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise yaml.composer.ComposerError("found duplicate anchor %r; first occurrence" % anchor,
                                              self.anchors[anchor].start_mark, "second occurrence", event.start_mark)
        tag = event.tag
        if kind is yaml.ScalarEvent:
            if tag is None or tag == "!":
                tag = self.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            if anchor is not None:
                self.anchors[anchor] = node
            return node
        return self._compose_collection(event, kind, tag, anchor)

    def _compose_collection(self, start, kind, tag, anchor):
        node_class = yaml.SequenceNode if kind is yaml.SequenceStartEvent else yaml.MappingNode
        if tag is None or tag == "!":
            tag = self.resolve(node_class, None, start.implicit)
        node = node_class(tag, [], start.start_mark, None, flow_style=start.flow_style)
        if anchor is not None:
            self.anchors[anchor] = node
        items = node.value
        compose = self.compose_node
        if node_class is yaml.SequenceNode:
            index = 0
            while not isinstance(item := compose(node, index), _END_SEQUENCE):
                items.append(item)
                index += 1
        else:
            while not isinstance(key := compose(node, None), _END_MAPPING):
                items.append((key, compose(node, key)))
        node.end_mark = item.end_mark if node_class is yaml.SequenceNode else key.end_mark
        return node


_END_SEQUENCE, _END_MAPPING = yaml.SequenceEndEvent, yaml.MappingEndEvent
assert not _BaseLoader.yaml_path_resolvers   # compose_node above does not descend into them


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                           "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))

_SCALAR = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class YamlError:
    line: int | None   # 1-based, counted from `first_line` (see parse_yaml)
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Parsed:
    value: object
    lines: dict          # path tuple such as ("events", 2, "date") -> line, counted from `first_line`
    texts: dict = field(default_factory=dict)   # path -> the text written, for values that are not text


class _Walk:
    def __init__(self, first_line: int):
        self.base = first_line     # the file line of the YAML text's first line
        self.lines: dict[tuple, int] = {}
        self.texts: dict[tuple, str] = {}
        self.errors: list[YamlError] = []
        self.count = 0

    def build(self, node, path: tuple, depth: int):
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _TooBig(self.base + node.start_mark.line)
        self.lines.setdefault(path, self.base + node.start_mark.line)
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node)
            if not isinstance(value, str):
                self.texts.setdefault(path, node.value)
            return value
        if node.tag not in _COLLECTION_TAGS:
            self._unsupported(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]

    def _mapping(self, node, path, depth):
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.errors.append(YamlError(self.base + key_node.start_mark.line,
                                             "merge keys ('<<') are not supported", "write the keys out in full"))
                continue
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                self.errors.append(YamlError(self.base + key_node.start_mark.line, "a key must be plain text",
                                             "write keys like `name:`"))
                continue
            key = str(key)
            if key in result:
                first = self.lines.get(path + (key,))
                self.errors.append(YamlError(self.base + key_node.start_mark.line,
                                             f"duplicate key '{key}' (first given on line {first})",
                                             "keep one of them: YAML would silently use the last"))
                continue
            self.lines[path + (key,)] = self.base + key_node.start_mark.line
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    def _scalar(self, node):
        tag = node.tag
        if tag == "tag:yaml.org,2002:str" or tag == "tag:yaml.org,2002:timestamp":
            return node.value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return node.value.lower() == "true"
        if tag == "tag:yaml.org,2002:int" and _INT.match(node.value):
            return int(node.value, 0) if node.value[:2] in ("0o", "0x") else int(node.value, 10)
        if tag == "tag:yaml.org,2002:float" and _FLOAT.match(node.value):
            return _SCALAR.construct_yaml_float(node)
        self._unsupported(node)
        return None

    def _unsupported(self, node):
        self.errors.append(YamlError(self.base + node.start_mark.line, f"unsupported YAML tag '{node.tag}'",
                                     "remove the tag; plain text, numbers, lists and mappings are enough"))


class _TooBig(Exception):
    def __init__(self, line: int):
        self.line = line


def parse_yaml(text: str, first_line: int = 1) -> tuple[Parsed | None, list[YamlError]]:
    """`first_line`: the line of the file on which `text` starts; every line reported counts from it."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else None
        if "nesting depth" in (error.problem or ""):   # libyaml's own limit (PyYAML 6.0.4 and later)
            return None, [YamlError(line, "the YAML is nested too deeply", "flatten the structure")]
        message, hint = explain(error, text, first_line)
        return None, [YamlError(line, f"invalid YAML: {message}", hint)]
    except yaml.YAMLError as error:
        return None, [YamlError(None, f"invalid YAML: {error}", "check the front matter's syntax")]
    except RecursionError:
        return None, [YamlError(None, "the YAML is nested too deeply", "flatten the structure")]
    if node is None:
        return Parsed(None, {}), []
    walk = _Walk(first_line)
    try:
        value = walk.build(node, (), 0)
    except _TooBig as big:
        return None, [YamlError(big.line, "the YAML is too large or too deeply nested (aliases expanded)",
                                "front matter should be a short mapping of simple values")]
    return Parsed(value, walk.lines, walk.texts), walk.errors


def describe_value(value: object, written: str | None = None) -> str:
    """A parsed value as an error message names it, with the text the editor wrote where it is known:
    "text ('1:20')", "a number (1.10)", "true/false (true)", "a list", "nothing"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({written or str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({written or value})"
    if isinstance(value, str):
        return f"text ('{value}')"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a value of type {type(value).__name__}"
