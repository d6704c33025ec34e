"""YAML through the safe loader only, read the YAML 1.2 way, with the line of every value.

PyYAML speaks YAML 1.1: `no` is false, `1:20` is 80, `1917-11-07` becomes a date object
and an impossible date like 1917-02-30 raises a ValueError from deep inside the loader.
We resolve only true/false as booleans, drop sexagesimal numbers and keep timestamps as
text (the dates module parses them), and we build Python values from the node tree
ourselves so that duplicate keys and the line of every value are known.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

try:  # libyaml's parser is several times faster; the resolver and our walk stay in Python
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader

MAX_NODES = 200_000
MAX_DEPTH = 100

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$""")
_FLOAT = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"""
                    r"""|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""")


class _Loader(_BaseLoader):
    pass


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
    line: int | None   # 1-based, within the YAML text
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Parsed:
    value: object
    lines: dict          # path tuple such as ("events", 2, "date") -> 1-based line


class _Walk:
    def __init__(self):
        self.lines: dict[tuple, int] = {}
        self.errors: list[YamlError] = []
        self.count = 0

    def build(self, node, path: tuple, depth: int):
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _TooBig(node.start_mark.line + 1)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node, path, depth):
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.errors.append(YamlError(key_node.start_mark.line + 1, "merge keys ('<<') are not supported",
                                             "write the keys out in full"))
                continue
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                self.errors.append(YamlError(key_node.start_mark.line + 1, "a key must be plain text",
                                             "write keys like `name:`"))
                continue
            key = str(key)
            if key in result:
                first = self.lines.get(path + (key,))
                self.errors.append(YamlError(key_node.start_mark.line + 1,
                                             f"duplicate key '{key}' (first given on line {first})",
                                             "keep one of them: YAML would silently use the last"))
                continue
            self.lines[path + (key,)] = key_node.start_mark.line + 1
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
        if tag == "tag:yaml.org,2002:int":
            return _SCALAR.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return _SCALAR.construct_yaml_float(node)
        self.errors.append(YamlError(node.start_mark.line + 1, f"unsupported YAML tag '{tag}'",
                                     "remove the tag; plain text, numbers, lists and mappings are enough"))
        return None


class _TooBig(Exception):
    def __init__(self, line: int):
        self.line = line


def parse_yaml(text: str) -> tuple[Parsed | None, list[YamlError]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(part for part in (error.context, error.problem) if part)
        return None, [YamlError(line, f"invalid YAML: {what}",
                                "check the indentation and quote values that contain ': ' or start with [ { * & ! | > ' \" % @ `")]
    except yaml.YAMLError as error:
        return None, [YamlError(None, f"invalid YAML: {error}", "check the front matter's syntax")]
    except RecursionError:
        return None, [YamlError(None, "the YAML is nested too deeply", "flatten the structure")]
    if node is None:
        return Parsed(None, {}), []
    walk = _Walk()
    try:
        value = walk.build(node, (), 0)
    except _TooBig as big:
        return None, [YamlError(big.line, "the YAML is too large or too deeply nested (aliases expanded)",
                                "front matter should be a short mapping of simple values")]
    return Parsed(value, walk.lines), walk.errors
