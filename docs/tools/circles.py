#!/usr/bin/env python3
"""Counts the import circles between callsheet's modules.

    python3 docs/tools/circles.py            # circles in non-test code
    python3 docs/tools/circles.py --tests    # count #[cfg(test)] code too
    python3 docs/tools/circles.py --edges    # also list every edge

How it counts (ARCHITECTURE.md quotes the figures this prints):
- Every file under src/ (except main.rs, the binary) is a module:
  src/app/update.rs is `app::update`, src/app/mod.rs is `app`.
- A file depends on a module when its code (comments and string literals
  stripped) names a path into it: `use crate::…` (use trees expanded),
  `crate::…`, `super::…` and `self::…` paths anywhere, and a bare path
  through a child module it declares (`update::update(…)` in app/mod.rs).
  A path resolves to the longest module it names: `crate::app::App` is a
  use of `app`, `crate::app::update::update` a use of `app::update`.
- Two granularities: top level (`app`, `store`, `keymap`, …) and second
  level (`app::update`, `app::forms`, `app` for app/mod.rs itself, …;
  deeper files count as their second-level ancestor).
- A circle is a strongly connected component of more than one module in
  that graph (Tarjan). Each is printed with the edges that close it and
  the first place each edge is made, so it can be checked by hand.
- Code under #[cfg(test)] (inline test modules, test-only files) is left
  out unless --tests is given: a test reaching into a neighbour does not
  tie the shipped modules together.

Also prints the twelve largest files under src/ (`wc -l`) and the
README's length, the other two figures issue #16 asks for.

Exit status 0 always: this measures, it does not judge.
"""

import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SRC = os.path.join(ROOT, "src")


def strip(text):
    """Blanks out comments, string and char literals, keeping newlines and
    every other character's position, so regexes see code only."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif re.match(r'b?r#*"', text[i:i + 260]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'(b?r)(#*)"', text[i:])
            hashes = m.group(2)
            end = text.find('"' + hashes, i + len(m.group(0)))
            j = n if end < 0 else end + 1 + len(hashes)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"' or (c == "b" and text.startswith('b"', i) and not (i and (text[i - 1].isalnum() or text[i - 1] == "_"))):
            j = i + (2 if c == "b" else 1)
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "'":
            # A char literal ('x', '\n', '\u{..}', '"'); otherwise a lifetime.
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:])
            if m:
                out.append(" " * len(m.group(0)))
                i += len(m.group(0))
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def expand_use(tree):
    """`crate::{a::{B, c}, d}` -> [['crate','a','B'], ['crate','a','c'], ['crate','d']]."""
    tree = re.sub(r"\s+as\s+(\w+)", r"@\1", tree)  # `b as c` -> `b@c`
    tree = re.sub(r"\s+", "", tree)

    def parse(s, prefix):
        paths = []
        depth, start = 0, 0
        parts = []
        for k, ch in enumerate(s):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(s[start:k])
                start = k + 1
        parts.append(s[start:])
        for part in parts:
            if not part:
                continue
            brace = part.find("{")
            if brace >= 0:
                head = [seg for seg in part[:brace].split("::") if seg]
                paths.extend(parse(part[brace + 1:part.rindex("}")], prefix + head))
            else:
                paths.append(prefix + [seg for seg in part.split("::") if seg])
        return paths

    return parse(tree, [])


def module_of(rel):
    """src-relative file path -> module path (list), or None for main.rs."""
    parts = rel[:-3].split(os.sep)
    if parts == ["main"]:
        return None
    if parts == ["lib"]:
        return []
    if parts[-1] == "mod":
        parts = parts[:-1]
    return parts


TOKEN = re.compile(
    r"(?P<cfgtest>#\s*\[\s*cfg\s*\(\s*test\s*\)\s*\])"
    r"|(?P<mod>\bmod\s+(?P<modname>\w+)\s*(?P<modend>[{;]))"
    r"|(?P<use>(?P<pub>\bpub(?:\s*\([^)]*\))?\s+)?\buse\s+(?P<tree>[^;]*);)"
    r"|(?P<path>(?<![\w:])(?:crate|super|self)(?:\s*::\s*\w+)+)"
    r"|(?P<bare>(?<![\w:])(?P<barehead>[a-z_]\w*)\s*::\s*\w+)"
    r"|(?P<open>\{)|(?P<close>\})"
)


def scan(rel, text):
    """Yields (line, module path as written resolved to absolute segments,
    is_test) for every path in the file, plus the test-only child files it
    declares."""
    cur = module_of(rel)
    code = strip(text)
    refs, test_children, children, reexports = [], set(), set(), []
    for m in re.finditer(r"\bmod\s+(\w+)\s*[{;]", code):
        children.add(m.group(1))
    # stack of (brace depth at which the frame ends, module path, is_test)
    frames = [(-1, cur, False)]
    depth = 0
    pending_test = False
    pending_mod = None  # (name, test) for `mod x {` awaiting its brace

    def line_of(pos):
        return code.count("\n", 0, pos) + 1

    def resolve(segs, here):
        head = segs[0]
        if head == "crate":
            return segs[1:]
        if head == "self":
            return here + segs[1:]
        if head == "super":
            base = list(here)
            k = 0
            while k < len(segs) and segs[k] == "super":
                base = base[:-1]
                k += 1
            return base + segs[k:]
        return here + segs  # a bare child-module path

    for m in TOKEN.finditer(code):
        in_test = frames[-1][2]
        here = frames[-1][1]
        if m.group("cfgtest"):
            pending_test = True
        elif m.group("mod"):
            name = m.group("modname")
            if m.group("modend") == ";":
                if pending_test:
                    test_children.add(name)
                pending_test = False
            else:
                depth += 1
                frames.append((depth, here + [name], in_test or pending_test))
                pending_test = False
        elif m.group("use"):
            for segs in expand_use(m.group("tree")):
                if not segs:
                    continue
                name = segs[-1].split("@")[-1]
                segs = segs[:-1] + [segs[-1].split("@")[0]]
                if segs[0] in ("crate", "super", "self") or (segs[0] in children and frames[-1][1] == cur):
                    path = resolve(segs, here)
                    test = in_test or pending_test
                    if m.group("pub") and here == cur:
                        reexports.append((name, path, test))
                    refs.append((line_of(m.start()), path, test, bool(m.group("pub"))))
            pending_test = False
        elif m.group("path"):
            segs = [s for s in re.split(r"\s*::\s*", m.group("path")) if s]
            refs.append((line_of(m.start()), resolve(segs, here), in_test or pending_test, False))
        elif m.group("bare"):
            head = m.group("barehead")
            if head in children and frames[-1][1] == cur:
                segs = [s for s in re.split(r"\s*::\s*", m.group("bare")) if s]
                refs.append((line_of(m.start()), resolve(segs, here), in_test or pending_test, False))
        elif m.group("open"):
            depth += 1
            if pending_test:
                frames.append((depth, here, True))
                pending_test = False
        elif m.group("close"):
            if frames[-1][0] == depth:
                frames.pop()
            depth -= 1
    return refs, test_children, reexports


def tarjan(nodes, edges):
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main():
    with_tests = "--tests" in sys.argv
    show_edges = "--edges" in sys.argv
    files = []
    for dirpath, _, names in os.walk(SRC):
        for name in names:
            if name.endswith(".rs"):
                files.append(os.path.relpath(os.path.join(dirpath, name), SRC))
    files.sort()
    modules = {tuple(module_of(f)): f for f in files if module_of(f) is not None}

    scanned, test_files, facade = {}, set(), {}
    for f in files:
        if module_of(f) is None:
            continue
        with open(os.path.join(SRC, f), encoding="utf-8") as fh:
            refs, test_children, reexports = scan(f, fh.read())
        scanned[f] = refs
        for name, path, test in reexports:
            if with_tests or not test:
                facade[(tuple(module_of(f)), name)] = path
        for child in test_children:
            test_files.add(tuple(module_of(f) + [child]))

    def is_test_file(f):
        mod = module_of(f)
        return any(tuple(mod[:k]) in test_files for k in range(1, len(mod) + 1))

    def owner(path):
        """The longest module a resolved path names, seen through
        re-exports: `crate::domain::Outcome` is a use of `domain::outcome`
        when domain/mod.rs says `pub use outcome::Outcome`."""
        for _ in range(8):  # re-exports of re-exports, bounded
            for k in range(len(path), -1, -1):
                if tuple(path[:k]) in modules or k == 0:
                    break
            if k < len(path) and (tuple(path[:k]), path[k]) in facade:
                path = facade[(tuple(path[:k]), path[k])] + path[k + 1:]
                continue
            return path[:k]
        return path[:k]

    for level in (1, 2):
        edges, where = {}, {}
        nodes = set()
        for f, refs in scanned.items():
            src_mod = module_of(f)
            if not src_mod:
                continue  # lib.rs only declares the modules
            if not with_tests and is_test_file(f):
                continue
            a = "::".join(src_mod[:level])
            nodes.add(a)
            for line, path, test, public in refs:
                if test and not with_tests:
                    continue
                target = owner(path)
                if not target:
                    continue
                if public and target[:len(src_mod)] == src_mod:
                    continue  # a folder's facade naming its own children
                b = "::".join(target[:level])
                if a == b:
                    continue
                edges.setdefault(a, set()).add(b)
                where.setdefault((a, b), "src/%s:%d" % (f, line))
        circles = [c for c in tarjan(nodes, edges) if len(c) > 1]
        label = "top-level" if level == 1 else "second-level"
        print("%s modules: %d, import edges: %d, circles: %d"
              % (label, len(nodes), sum(len(v) for v in edges.values()), len(circles)))
        for c in circles:
            members = set(c)
            print("  circle of %d: %s" % (len(c), ", ".join(c)))
            for a in c:
                for b in sorted(edges.get(a, ())):
                    if b in members:
                        print("    %s -> %s   (%s)" % (a, b, where[(a, b)]))
        if show_edges:
            for a in sorted(edges):
                for b in sorted(edges[a]):
                    print("  edge %s -> %s   (%s)" % (a, b, where[(a, b)]))
        print()

    sizes = []
    for f in files:
        with open(os.path.join(SRC, f), encoding="utf-8") as fh:
            sizes.append((sum(1 for _ in fh), "src/" + f))
    sizes.sort(key=lambda s: (-s[0], s[1]))
    print("largest files (wc -l):")
    for lines, f in sizes[:12]:
        print("  %5d %s" % (lines, f))
    print("  files over 500 lines: %d" % sum(1 for s in sizes if s[0] > 500))
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        print("README.md: %d lines" % sum(1 for _ in fh))


if __name__ == "__main__":
    main()
