"""Command line: parses arguments, runs a command, maps problems to exit codes."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .build.pipeline import BuildResult, Project, build, build_in_memory
from .model.kinds import KINDS
from .problems import format_notes, format_report, unexpected
from .render.portable import ZIP_NAME
from .scaffold import new_page, new_project


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the biography site.")
    commands = parser.add_subparsers(dest="command")

    def common(sub):
        sub.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
        # The site's own templates and static files, over the packaged theme's (default: the folders beside content/)
        sub.add_argument("--templates", type=Path, default=None, help=argparse.SUPPRESS)
        sub.add_argument("--static", type=Path, default=None, help=argparse.SUPPRESS)
        sub.add_argument("--base-url", default=None, help="base URL or path, e.g. /trotsky-site/")

    build_cmd = commands.add_parser("build", help="build the site into the output folder (default)")
    common(build_cmd)
    build_cmd.add_argument("--output", type=Path, default=Path("_site"), help="output folder (default: _site)")
    build_cmd.add_argument("--portable", action="store_true",
                           help="a site for disk or download: opens by double-clicking index.html, no server")
    build_cmd.add_argument("--offline-zip", action="store_true",
                           help=f"also write the portable site as {ZIP_NAME} and link it from the home page")
    common(commands.add_parser("check", help="validate everything without writing"))
    serve = commands.add_parser("serve", help="live-reloading preview on 127.0.0.1")
    common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000)
    new = commands.add_parser("new", help="write a skeleton page")
    new.add_argument("kind", choices=[kind.name for kind in KINDS if kind.skeleton])
    new.add_argument("name")
    new.add_argument("--content", type=Path, default=Path("content"))
    init = commands.add_parser("init", help="create a new biography project in an empty folder")
    init.add_argument("folder", type=Path)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("--") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args = _parser().parse_args(argv)
    if args.command == "new":
        path, message = new_page(args.content, args.kind, args.name)
        print(message, file=sys.stdout if path else sys.stderr)
        return 0 if path else 1
    if args.command == "init":
        written, message = new_project(args.folder)
        print(message, file=sys.stdout if written else sys.stderr)
        return 0 if written else 1
    project = Project(args.content, args.templates, args.static, args.base_url,
                      portable=getattr(args, "portable", False), offline_zip=getattr(args, "offline_zip", False))
    if not args.content.is_dir():
        print(f"{args.content}: content.missing: the content folder does not exist\n"
              f"    hint: run from the project folder or pass --content DIR", file=sys.stderr)
        return 1
    if args.command == "serve":
        from .serve.server import serve
        return serve(project, host=args.host, port=args.port)
    started = time.perf_counter()
    try:
        result = build_in_memory(project, book=False) if args.command == "check" else build(project, args.output)
    except Exception as error:  # a bug outside the per-file guards: still a report, never a traceback
        result = BuildResult(problems=[unexpected(args.content.as_posix(), error)])
    if result.problems:
        print(format_report(result.problems), file=sys.stderr)
        if args.command == "build":
            print(f"Nothing was written; {args.output} is unchanged.", file=sys.stderr)
        return 1
    took = time.perf_counter() - started
    pages = len(result.site.pages)
    if args.command == "check":
        print(f"OK: {pages} pages checked, no problems ({took:.2f} s).")
    else:
        where = (f"open {args.output / 'index.html'} in a browser (no server needed)" if project.portable else
                 f"serve {args.output}/ from any address (its links are relative), or run `python build.py serve`")
        print(f"Built {pages} pages and {len(result.files) + len(result.static)} files into "
              f"{args.output}/ in {took:.2f} s. To read it, {where}.")
    if result.notes:
        print(format_notes(result.notes))
    return 0


def run() -> None:
    sys.exit(main())
